package main

import (
	"runtime/debug"
	"strings"
)

// buildInfo is what the go command recorded about the build: the main module's version
// and, with -buildvcs=true in a checkout, the VCS revision, its time, and whether the
// tree had uncommitted changes.
type buildInfo struct {
	version  string // "v1.2.3", a pseudo-version, "(devel)" or ""
	revision string
	time     string
	modified bool
}

func readBuildInfo() buildInfo {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return buildInfo{}
	}
	b := buildInfo{version: bi.Main.Version}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			b.revision = s.Value
		case "vcs.time":
			b.time = s.Value
		case "vcs.modified":
			b.modified = s.Value == "true"
		}
	}
	return b
}

// moduleVersion is the module's version as the go command recorded it ("v1.2.3" after
// go install ...@v1.2.3), or "devel" when built from a clone without one.
func moduleVersion() string { return readBuildInfo().moduleVersion() }

func (b buildInfo) moduleVersion() string {
	if b.version == "" || b.version == "(devel)" {
		return "devel"
	}
	return b.version
}

// versionLine is what `corskit version` prints after "corskit ": the module version,
// then the revision when one was recorded, e.g.
// "devel (revision 5ddf020a1b2c, 2025-11-30T15:32:00Z, modified)".
func versionLine(b buildInfo) string {
	v := b.moduleVersion()
	if b.revision == "" {
		return v
	}
	rev := b.revision
	if len(rev) > 12 {
		rev = rev[:12]
	}
	parts := []string{"revision " + rev}
	if b.time != "" {
		parts = append(parts, b.time)
	}
	if b.modified {
		parts = append(parts, "modified")
	}
	return v + " (" + strings.Join(parts, ", ") + ")"
}
