package proxy

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"
)

// Reload re-reads the policy file (and the TLS certificate and key, if any) and puts
// the new policy in force through cors.Middleware.Reconfigure: requests that started
// before keep the old policy to their end, later ones get the new one, and none sees a
// mix. If the file is unreadable or the policy invalid, the previous policy stays and
// the error is logged and returned; likewise for the certificate.
func (p *Proxy) Reload() error {
	p.reloadMu.Lock()
	defer p.reloadMu.Unlock()
	var errs []error
	if p.opts.ConfigFile != "" {
		errs = append(errs, p.reloadPolicy())
	}
	if p.opts.TLSCert != "" {
		errs = append(errs, p.reloadCert())
	}
	if p.opts.ConfigFile == "" && p.opts.TLSCert == "" {
		p.log.Info("reload: nothing to reload (the policy comes from flags; use a config file to change it live)")
	}
	return errors.Join(errs...)
}

func (p *Proxy) reloadPolicy() error {
	path := p.opts.ConfigFile
	st, _ := os.Stat(path)
	cfg, data, err := loadPolicyFile(path)
	p.file.remember(st, data)
	if err == nil {
		cfg.Logger = p.policyLog
		if err = p.cors.Reconfigure(&cfg); err != nil {
			err = &policyError{path, err}
		}
	}
	if err != nil {
		p.metrics.reloads.WithLabelValues("error").Inc()
		p.log.Error("policy reload failed: the previous policy stays", "config", path, "error", err.Error())
		return err
	}
	p.metrics.reloads.WithLabelValues("ok").Inc()
	p.log.Info("policy reloaded", "config", path, "origins", cfg.Origins)
	return nil
}

func (p *Proxy) reloadCert() error {
	cert, err := tls.LoadX509KeyPair(p.opts.TLSCert, p.opts.TLSKey)
	if err != nil {
		err = fmt.Errorf("TLS certificate: %w", err)
		p.log.Error("certificate reload failed: the previous certificate stays", "error", err.Error())
		return err
	}
	p.cert.Store(&cert)
	p.log.Info("certificate reloaded", "cert", p.opts.TLSCert)
	return nil
}

// watch reloads the policy when its file changes, checking every WatchInterval
// (editors that write a new file and rename it are seen too). A change that leaves the
// content as it was reloads nothing; an invalid content is reported once, not at every
// check.
func (p *Proxy) watch(ctx context.Context) {
	every := p.opts.WatchInterval
	if every == 0 {
		every = time.Second
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if p.file.changed(p.opts.ConfigFile) {
			_ = p.Reload()
		}
	}
}

// fileVersion is what was last read of the policy file: its size and modification time
// (to notice a change cheaply) and its content (to ignore changes that change nothing).
type fileVersion struct {
	mu      sync.Mutex
	size    int64
	modTime time.Time
	data    []byte
}

// remember records the file's state as of a read: st from just before it (nil if the
// file could not be examined), data as read (nil if it could not be read).
func (f *fileVersion) remember(st os.FileInfo, data []byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.size, f.modTime = -1, time.Time{}
	if st != nil {
		f.size, f.modTime = st.Size(), st.ModTime()
	}
	f.data = data
}

// changed reports whether the file at path now differs from what was last read. A
// file that is missing (being replaced) is not a change yet.
func (f *fileVersion) changed(path string) bool {
	st, err := os.Stat(path)
	if err != nil {
		return false
	}
	f.mu.Lock()
	same := st.Size() == f.size && st.ModTime().Equal(f.modTime)
	f.mu.Unlock()
	if same {
		return false
	}
	data, err := readPolicyFile(path)
	if err != nil {
		return true // Reload reports it
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if bytes.Equal(data, f.data) {
		f.size, f.modTime = st.Size(), st.ModTime()
		return false
	}
	return true
}
