// Command multitenant serves one API for many tenants, each at its own host
// (acme.api.example.com, globex.api.example.com, …) and each with its own allowed origins,
// kept in a database. Config.OriginFunc asks a small cache in front of the database, so
// that requests do not cost a query each.
package main

import (
	"context"
	"log"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/corskit/corskit/cors"
)

func main() {
	h, err := newHandler(newOriginCache(exampleDB{}, time.Minute))
	if err != nil {
		log.Fatal(err)
	}
	log.Println("listening on http://localhost:8080 (tenant from the Host header)")
	log.Fatal(http.ListenAndServe("localhost:8080", h))
}

// OriginStore is where tenants' allowed origins live: a database table in a real
// application. Origins are stored as browsers send them: "https://app.acme.example".
type OriginStore interface {
	AllowedOrigins(ctx context.Context, tenant string) ([]string, error)
}

// exampleDB stands for the database.
type exampleDB struct{}

func (exampleDB) AllowedOrigins(_ context.Context, tenant string) ([]string, error) {
	return map[string][]string{
		"acme":   {"https://app.acme.example", "https://admin.acme.example"},
		"globex": {"https://globex.example"},
	}[tenant], nil
}

func newHandler(origins *originCache) (http.Handler, error) {
	m, err := cors.New(cors.Config{
		OriginFunc: func(r *http.Request, origin string) bool {
			return origins.allowed(r.Context(), tenantOf(r.Host), origin)
		},
		Credentialed:   true,
		Methods:        []string{http.MethodPut},
		RequestHeaders: []string{"Content-Type"},
		MaxAge:         600,
	})
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /orders", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"tenant":"` + tenantOf(r.Host) + `","orders":[]}`))
	})
	return m.Wrap(mux), nil
}

// tenantOf returns the tenant a request is for: the first label of its host.
func tenantOf(host string) string {
	tenant, _, _ := strings.Cut(host, ".")
	return tenant
}

// originCache remembers each tenant's allowed origins for ttl.
type originCache struct {
	store OriginStore
	ttl   time.Duration
	now   func() time.Time

	mu      sync.Mutex
	entries map[string]cacheEntry
}

type cacheEntry struct {
	origins []string
	expires time.Time
}

func newOriginCache(store OriginStore, ttl time.Duration) *originCache {
	return &originCache{store: store, ttl: ttl, now: time.Now, entries: make(map[string]cacheEntry)}
}

// allowed reports whether origin may call tenant's API. A database error denies the
// request (and is not cached): a CORS layer fails closed.
func (c *originCache) allowed(ctx context.Context, tenant, origin string) bool {
	c.mu.Lock()
	e, ok := c.entries[tenant]
	c.mu.Unlock()
	if !ok || c.now().After(e.expires) {
		origins, err := c.store.AllowedOrigins(ctx, tenant)
		if err != nil {
			log.Printf("cors: origins of tenant %q: %v", tenant, err)
			return false
		}
		e = cacheEntry{origins: origins, expires: c.now().Add(c.ttl)}
		c.mu.Lock()
		c.entries[tenant] = e
		c.mu.Unlock()
	}
	return slices.Contains(e.origins, origin)
}
