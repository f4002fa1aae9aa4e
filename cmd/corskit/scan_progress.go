package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// progress returns the scan's progress line on stderr when stderr is a terminal, else nil.
func (c *cli) progress() progressFunc {
	if !isTerminal(c.stderr) {
		return nil
	}
	p := &progressLine{w: c.stderr, start: time.Now(), now: time.Now}
	return p.update
}

// progressLine redraws one line: a bar, targets done, findings so far and the time left.
type progressLine struct {
	w     io.Writer
	start time.Time
	now   func() time.Time

	mu   sync.Mutex
	last time.Time
}

// progressBarWidth is the number of cells of the bar.
const progressBarWidth = 24

func (p *progressLine) update(done, total, findings int, final bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	if final {
		fmt.Fprint(p.w, "\r\x1b[K")
		return
	}
	if done < total && now.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last = now
	fmt.Fprint(p.w, "\r\x1b[K"+progressText(done, total, findings, now.Sub(p.start)))
}

// progressText is the progress line: "[██████░░░░] 37/1000 targets · 12 findings · 1m20s left".
func progressText(done, total, findings int, elapsed time.Duration) string {
	filled := 0
	if total > 0 {
		filled = done * progressBarWidth / total
	}
	s := fmt.Sprintf("[%s%s] %d/%d targets · %d findings", strings.Repeat("█", filled),
		strings.Repeat("░", progressBarWidth-filled), done, total, findings)
	if done > 0 && done < total {
		left := elapsed * time.Duration(total-done) / time.Duration(done)
		s += " · " + left.Round(time.Second).String() + " left"
	}
	return s
}
