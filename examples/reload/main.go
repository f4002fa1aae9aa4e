// Command reload serves an API whose allowed origins live in a file, one per line, and
// are reloaded while the server runs: on SIGHUP, and whenever the file changes (checked
// every few seconds). A file that does not make a valid policy is reported and ignored:
// the server keeps the policy it has.
//
//	go run ./reload -origins origins.txt
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/corskit/corskit/cors"
)

func main() {
	path := flag.String("origins", "origins.txt", "file of allowed origins, one per line (# comments)")
	flag.Parse()

	m, err := newMiddleware(*path)
	if err != nil {
		log.Fatal(err)
	}
	go watch(m, *path)

	mux := http.NewServeMux()
	mux.HandleFunc("GET /items", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`["a","b"]`))
	})
	log.Println("listening on http://localhost:8080")
	log.Fatal(http.ListenAndServe("localhost:8080", m.Wrap(mux)))
}

// newMiddleware builds the middleware from the policy with the origins in the file.
func newMiddleware(path string) (*cors.Middleware, error) {
	cfg, err := loadConfig(path)
	if err != nil {
		return nil, err
	}
	return cors.New(*cfg)
}

// loadConfig returns the policy with the origins listed in the file.
func loadConfig(path string) (*cors.Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var origins []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		if line = strings.TrimSpace(line); line != "" {
			origins = append(origins, line)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &cors.Config{
		Origins:      origins,
		Credentialed: true,
		MaxAge:       60, // short, so that browsers see a removed origin soon
	}, nil
}

// reload applies the file's origins to m; on error m keeps its policy.
func reload(m *cors.Middleware, path string) error {
	cfg, err := loadConfig(path)
	if err != nil {
		return err
	}
	if err := m.Reconfigure(cfg); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// watch reloads the file on SIGHUP and when its modification time changes.
func watch(m *cors.Middleware, path string) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	tick := time.NewTicker(5 * time.Second)
	var last time.Time
	if fi, err := os.Stat(path); err == nil {
		last = fi.ModTime()
	}
	for {
		select {
		case <-hup:
		case <-tick.C:
			fi, err := os.Stat(path)
			if err != nil || fi.ModTime().Equal(last) {
				continue
			}
			last = fi.ModTime()
		}
		if err := reload(m, path); err != nil {
			log.Printf("origins not reloaded, the previous policy stays: %v", err)
			continue
		}
		log.Printf("origins reloaded: %v", m.Config().Origins)
	}
}
