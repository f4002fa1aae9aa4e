package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestVersionLine(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		b    buildInfo
		want string
	}{
		{buildInfo{}, "devel"},
		{buildInfo{version: "(devel)"}, "devel"},
		{buildInfo{version: "v1.2.3"}, "v1.2.3"},
		{buildInfo{version: "(devel)", revision: "5ddf020a1b2c3d4e5f60718293a4b5c6d7e8f901", time: "2025-11-30T15:32:00Z"},
			"devel (revision 5ddf020a1b2c, 2025-11-30T15:32:00Z)"},
		{buildInfo{version: "v0.0.0-20251130153200-5ddf020a1b2c+dirty", revision: "5ddf020a1b2c3d4e5f60718293a4b5c6d7e8f901", time: "2025-11-30T15:32:00Z", modified: true},
			"v0.0.0-20251130153200-5ddf020a1b2c+dirty (revision 5ddf020a1b2c, 2025-11-30T15:32:00Z, modified)"},
		{buildInfo{revision: "abc"}, "devel (revision abc)"},
	} {
		if got := versionLine(tt.b); got != tt.want {
			t.Errorf("versionLine(%+v) = %q, want %q", tt.b, got, tt.want)
		}
	}
}

// TestVersionStamping builds corskit with and without -buildvcs and runs `corskit version`:
// the revision of the checkout appears only when the build recorded it.
func TestVersionStamping(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary twice")
	}
	t.Parallel()
	git, err := exec.LookPath("git")
	if err != nil {
		t.Skip("no git: cannot tell the checkout's revision")
	}
	top, err := exec.Command(git, "rev-parse", "--show-toplevel").Output()
	if err != nil {
		t.Skipf("not in a git checkout: %v", err)
	}
	if fi, err := os.Stat(filepath.Join(strings.TrimSpace(string(top)), ".git")); err != nil || !fi.IsDir() {
		// The go command recognises a checkout by its .git directory only.
		t.Skip("a git worktree (its .git is a file): the go command records no VCS information here")
	}
	head, err := exec.Command(git, "rev-parse", "HEAD").Output()
	if err != nil {
		t.Fatal(err)
	}
	rev := strings.TrimSpace(string(head))[:12]
	dir := t.TempDir()
	for _, tt := range []struct {
		flag string
		want *regexp.Regexp
	}{
		{"-buildvcs=true", regexp.MustCompile(`^corskit \S+ \(revision ` + rev + `, \d{4}-\d\d-\d\dT[\d:]+Z(, modified)?\)\n$`)},
		{"-buildvcs=false", regexp.MustCompile(`^corskit devel\n$`)},
	} {
		bin := filepath.Join(dir, "corskit"+strings.TrimPrefix(tt.flag, "-buildvcs="))
		build := exec.Command("go", "build", tt.flag, "-o", bin, ".")
		build.Env = append(os.Environ(), "GOFLAGS=") // this machine sets GOFLAGS=-buildvcs=false
		if out, err := build.CombinedOutput(); err != nil {
			t.Fatalf("go build %s: %v\n%s", tt.flag, err, out)
		}
		out, err := exec.Command(bin, "version").Output()
		if err != nil || !tt.want.Match(out) {
			t.Errorf("built with %s: `corskit version` = %q (%v), want %s", tt.flag, out, err, tt.want)
		}
	}
}
