package main

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/corskit/corskit/corstest"
)

// countingStore counts the queries that reach the database.
type countingStore struct {
	OriginStore
	mu      sync.Mutex
	queries int
	err     error
}

func (s *countingStore) AllowedOrigins(ctx context.Context, tenant string) ([]string, error) {
	s.mu.Lock()
	s.queries++
	err := s.err
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return s.OriginStore.AllowedOrigins(ctx, tenant)
}

func TestEachTenantItsOrigins(t *testing.T) {
	h, err := newHandler(newOriginCache(exampleDB{}, time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	acme := corstest.Serve(h, corstest.ServedAt("https://acme.api.example.com"))
	globex := corstest.Serve(h, corstest.ServedAt("https://globex.api.example.com"))
	put := corstest.Request{Method: http.MethodPut, Path: "/orders", Header: http.Header{"Content-Type": {"application/json"}}, Body: "{}", Credentials: true}

	for _, origin := range []string{"https://app.acme.example", "https://admin.acme.example"} {
		corstest.Allowed(t, acme, corstest.Request{Origin: origin, Path: "/orders", Credentials: true})
	}
	corstest.Blocked(t, acme, corstest.Request{Origin: "https://globex.example", Path: "/orders", Credentials: true})
	corstest.Allowed(t, globex, corstest.Request{Origin: "https://globex.example", Path: "/orders", Credentials: true})
	corstest.Blocked(t, globex, corstest.Request{Origin: "https://app.acme.example", Path: "/orders", Credentials: true})

	// The PUT is a preflight plus the request: reaching the route needs both allowed.
	put.Origin = "https://app.acme.example"
	corstest.Allowed(t, acme, put)
	corstest.Blocked(t, globex, put)
}

func TestCacheSparesTheDatabase(t *testing.T) {
	store := &countingStore{OriginStore: exampleDB{}}
	cache := newOriginCache(store, time.Minute)
	now := time.Now()
	cache.now = func() time.Time { return now }
	h, err := newHandler(cache)
	if err != nil {
		t.Fatal(err)
	}
	acme := corstest.Serve(h, corstest.ServedAt("https://acme.api.example.com"))
	req := corstest.Request{Origin: "https://app.acme.example", Path: "/orders", Credentials: true}

	corstest.Allowed(t, acme, req)
	corstest.Allowed(t, acme, req)
	if store.queries != 1 {
		t.Errorf("%d queries for two requests within the TTL, want 1", store.queries)
	}
	now = now.Add(2 * time.Minute)
	corstest.Allowed(t, acme, req)
	if store.queries != 2 {
		t.Errorf("%d queries after the TTL, want 2", store.queries)
	}

	// A database failure denies, and is retried on the next request.
	now = now.Add(2 * time.Minute)
	store.err = errors.New("connection refused")
	corstest.Blocked(t, acme, req)
	store.err = nil
	corstest.Allowed(t, acme, req)
}
