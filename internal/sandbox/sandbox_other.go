//go:build !linux

package sandbox

import "errors"

func reexec() (int, error) { return 0, errors.New("network namespaces need Linux") }

func loopbackUp() error { return errors.New("network namespaces need Linux") }
