package cors

import (
	"net/http"
	"runtime"
	"slices"
	"testing"
	"unsafe"

	"github.com/corskit/corskit/internal/fetchspec"
)

// bytesPerRun returns the average number of bytes f allocates per call, as
// testing.AllocsPerRun counts allocations. Like it, it must not run in parallel with other
// tests.
func bytesPerRun(runs int, f func()) uint64 {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	f() // warm up
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range runs {
		f()
	}
	runtime.ReadMemStats(&after)
	return (after.TotalAlloc - before.TotalAlloc) / uint64(runs)
}

// sizeClass returns the size the runtime allocates for n bytes, for the small sizes used here
// (the runtime's size classes up to 256 bytes).
func sizeClass(n uintptr) uintptr {
	for _, c := range []uintptr{0, 8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256} {
		if n <= c {
			return c
		}
	}
	panic("size above 256 bytes")
}

// TestHeaderWriterSizesItsArrayByWhatItWrites checks the writer's one allocation: an array of
// exactly as many strings as it writes, whatever it was asked to write and whatever Vary lines
// were there.
func TestHeaderWriterSizesItsArrayByWhatItWrites(t *testing.T) {
	tests := []struct {
		name    string
		set     map[fixedHeader]string
		vary    string
		oldVary []string
		want    http.Header
	}{
		{"nothing", nil, "", nil, http.Header{}},
		{"one value", map[fixedHeader]string{fixedACAO: "*"}, "", nil,
			http.Header{fetchspec.HeaderACAO: {"*"}}},
		{"empty values write nothing", map[fixedHeader]string{fixedACAO: "*", fixedACEH: "", fixedACMA: ""}, "", nil,
			http.Header{fetchspec.HeaderACAO: {"*"}}},
		{"every value and Vary", map[fixedHeader]string{fixedACAO: "*", fixedACAC: "true", fixedACAM: "PUT", fixedACAH: "x-a",
			fixedACMA: "60", fixedACAPN: "true", fixedACEH: "X-Id"}, "Origin", nil,
			http.Header{fetchspec.HeaderACAO: {"*"}, fetchspec.HeaderACAC: {"true"}, fetchspec.HeaderACAM: {"PUT"}, fetchspec.HeaderACAH: {"x-a"}, fetchspec.HeaderACMA: {"60"},
				fetchspec.HeaderACAPN: {"true"}, fetchspec.HeaderACEH: {"X-Id"}, fetchspec.HeaderVary: {"Origin"}}},
		{"Vary after existing lines", map[fixedHeader]string{fixedACAC: "true"}, varyPre, []string{"Accept-Encoding", "Cookie"},
			http.Header{fetchspec.HeaderACAC: {"true"}, fetchspec.HeaderVary: {"Accept-Encoding", "Cookie", varyPre}}},
		{"only Vary", nil, "Origin", []string{"Accept"},
			http.Header{fetchspec.HeaderVary: {"Accept", "Origin"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := make(http.Header, 16)
			write := func() {
				clear(h)
				if tt.oldVary != nil {
					h[fetchspec.HeaderVary] = tt.oldVary
				}
				b := newHeaderWriter(h)
				for f, v := range tt.set {
					b.set(f, v)
				}
				b.flush(tt.vary)
			}
			write()
			if !equalHeaders(h, tt.want) {
				t.Errorf("headers %v, want %v", h, tt.want)
			}
			if !slices.Equal(tt.oldVary, tt.want[fetchspec.HeaderVary][:len(tt.oldVary)]) {
				t.Errorf("existing Vary lines %q changed", tt.oldVary)
			}
			written := 0
			for _, v := range tt.want {
				written += len(v)
			}
			wantAllocs, wantBytes := 1.0, uint64(sizeClass(uintptr(written)*unsafe.Sizeof("")))
			if written == 0 {
				wantAllocs = 0
			}
			if got := testing.AllocsPerRun(20, write); got != wantAllocs {
				t.Errorf("%v allocations, want %v", got, wantAllocs)
			}
			if got := bytesPerRun(20, write); got != wantBytes {
				t.Errorf("%d bytes allocated, want %d (%d strings)", got, wantBytes, written)
			}
		})
	}
}
