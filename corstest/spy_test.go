package corstest_test

import (
	"fmt"
	"strings"
	"testing"
)

// spy is a testing.TB that records failures instead of failing: the real test then
// checks that an assertion failed, or passed, and what it said.
type spy struct {
	testing.TB // the real test, for Context, Cleanup and the rest
	failures   []string
}

func newSpy(t *testing.T) *spy { return &spy{TB: t} }

func (s *spy) Helper() {}

func (s *spy) Errorf(format string, args ...any) {
	s.failures = append(s.failures, fmt.Sprintf(format, args...))
}

func (s *spy) Error(args ...any) { s.failures = append(s.failures, fmt.Sprint(args...)) }

func (s *spy) Fatalf(format string, args ...any) {
	s.TB.Fatalf("corstest called Fatalf (it must use Errorf): "+format, args...)
}

func (s *spy) Fatal(args ...any) {
	s.TB.Fatal(append([]any{"corstest called Fatal (it must use Errorf): "}, args...)...)
}

func (s *spy) Failed() bool { return len(s.failures) > 0 }

// message returns the one failure recorded, failing the test when there is not
// exactly one.
func (s *spy) message() string {
	s.TB.Helper()
	if len(s.failures) != 1 {
		s.TB.Fatalf("want exactly one failure, got %d:\n%s", len(s.failures), strings.Join(s.failures, "\n---\n"))
	}
	return s.failures[0]
}

// passed fails the test when something was recorded.
func (s *spy) passed() {
	s.TB.Helper()
	if len(s.failures) > 0 {
		s.TB.Fatalf("want no failure, got:\n%s", strings.Join(s.failures, "\n---\n"))
	}
}
