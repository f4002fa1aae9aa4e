package audit

import (
	"context"
	"sync"
	"time"
)

// hostLimiter spaces requests to each host at least interval apart, across every audit
// that shares it. It keeps one time per host seen.
type hostLimiter struct {
	interval time.Duration
	now      func() time.Time
	sleep    func(context.Context, time.Duration) error

	mu   sync.Mutex
	next map[string]time.Time // earliest start of the next request, by host
}

func newHostLimiter(perSecond float64) *hostLimiter {
	return &hostLimiter{
		interval: time.Duration(float64(time.Second) / perSecond),
		now:      time.Now,
		sleep:    sleepCtx,
		next:     map[string]time.Time{},
	}
}

// wait blocks until a request to host may start, or ctx is done.
func (l *hostLimiter) wait(ctx context.Context, host string) error {
	l.mu.Lock()
	now := l.now()
	at := l.next[host]
	if at.Before(now) {
		at = now
	}
	l.next[host] = at.Add(l.interval)
	l.mu.Unlock()
	if d := at.Sub(now); d > 0 {
		return l.sleep(ctx, d)
	}
	return ctx.Err()
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
