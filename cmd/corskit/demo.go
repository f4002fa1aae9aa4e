package main

import "context"

const demoHelp = "Usage: corskit demo [--serve]\n"

func (c *cli) demo(ctx context.Context, args []string) int { return 0 }
