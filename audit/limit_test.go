package audit

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestHostLimiterSpacesRequestsPerHost drives the limiter with a fake clock: requests to
// one host start 250 ms apart at 4/s; another host has its own schedule.
func TestHostLimiterSpacesRequestsPerHost(t *testing.T) {
	l := newHostLimiter(4)
	now := time.Unix(1000, 0)
	var slept []time.Duration
	l.now = func() time.Time { return now }
	l.sleep = func(_ context.Context, d time.Duration) error { slept = append(slept, d); return nil }
	ctx := context.Background()
	for range 3 {
		if err := l.wait(ctx, "a.example:443"); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.wait(ctx, "b.example:443"); err != nil {
		t.Fatal(err)
	}
	want := []time.Duration{250 * time.Millisecond, 500 * time.Millisecond}
	if len(slept) != len(want) || slept[0] != want[0] || slept[1] != want[1] {
		t.Errorf("slept %v, want %v (the first request to each host waits for nothing)", slept, want)
	}
	now = now.Add(time.Hour) // a host idle for long waits for nothing
	slept = nil
	if err := l.wait(ctx, "a.example:443"); err != nil || len(slept) != 0 {
		t.Errorf("after an idle hour: slept %v, err %v", slept, err)
	}
}

func TestHostLimiterStopsWithTheContext(t *testing.T) {
	l := newHostLimiter(0.001) // one request every 1000 s
	ctx, cancel := context.WithCancel(context.Background())
	if err := l.wait(ctx, "h"); err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := l.wait(ctx, "h"); !errors.Is(err, context.Canceled) {
		t.Errorf("wait after cancel: %v, want context.Canceled", err)
	}
}
