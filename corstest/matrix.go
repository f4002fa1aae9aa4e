package corstest

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"text/tabwriter"
)

// Grid is a policy matrix: every combination of Origins × Methods × Credentials, each
// made as the Request template says, and the verdict each one should get.
type Grid struct {
	// Request is the template of every cell: Path, Header, Body, Cookies, Mode,
	// Initiator, Profile. Its Origin, Method and Credentials are replaced by each cell's.
	Request Request
	// Origins are the pages' origins. At least one.
	Origins []string
	// Methods are the methods; none means the template's.
	Methods []string
	// Credentials are the credentials modes (true: "include"); none means the
	// template's.
	Credentials []bool
	// Want says whether the page at the cell's origin should read the response
	// (allowed, true) or not (blocked or opaque, false). Required.
	Want func(Request) bool
}

// Cell is one combination of a [Grid] and what came of it.
type Cell struct {
	// Request is the request made.
	Request Request
	// Want is what the Grid wanted: true for allowed.
	Want bool
	// Outcome is what the page got.
	Outcome *Outcome
}

// Differs reports whether the cell's outcome is not what the Grid wanted: allowed
// when it should not be, not allowed when it should, or no verdict at all.
func (c Cell) Differs() bool {
	switch c.Outcome.Verdict {
	case VerdictAllowed:
		return !c.Want
	case VerdictBlocked, VerdictOpaque:
		return c.Want
	}
	return true
}

// Matrix checks every cell of g against h and reports every cell that differs from
// g.Want in one t.Errorf: a table of the cells (origin, method, credentials, got, want,
// and the console's reason), then the full report of the first one, as [Allowed] or
// [Blocked] gives it. It returns every cell, in the order origins × methods ×
// credentials.
func Matrix(t testing.TB, h http.Handler, g Grid) []Cell {
	t.Helper()
	if len(g.Origins) == 0 || g.Want == nil {
		t.Errorf("corstest.Matrix: the Grid needs Origins and Want")
		return nil
	}
	methods, creds := g.Methods, g.Credentials
	if len(methods) == 0 {
		methods = []string{g.Request.Method}
	}
	if len(creds) == 0 {
		creds = []bool{g.Request.Credentials}
	}
	cells := make([]Cell, 0, len(g.Origins)*len(methods)*len(creds))
	var bad []*check
	var badCells []Cell
	for _, o := range g.Origins {
		for _, m := range methods {
			for _, cr := range creds {
				r := g.Request
				r.Origin, r.Method, r.Credentials = o, m, cr
				c := run(t.Context(), h, r)
				cell := Cell{Request: r, Want: g.Want(r), Outcome: &c.out}
				cells = append(cells, cell)
				if cell.Differs() {
					bad, badCells = append(bad, c), append(badCells, cell)
				}
			}
		}
	}
	if len(bad) > 0 {
		t.Errorf("%s", matrixFailure(cells, bad, badCells))
	}
	return cells
}

// matrixFailure writes the table of the cells that differ and the full report of the
// first one.
func matrixFailure(cells []Cell, bad []*check, badCells []Cell) string {
	var b strings.Builder
	path := bad[0].describe()
	if i := strings.Index(path, " from "); i >= 0 {
		path = path[:i]
	}
	if _, p, ok := strings.Cut(path, " "); ok {
		path = p
	}
	b.WriteString("corstest.Matrix: " + strconv.Itoa(len(bad)) + " of " + strconv.Itoa(len(cells)) +
		" cells differ (" + path + "):\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	tw.Write([]byte(indent + "origin\tmethod\tcredentials\tgot\twant\treason\n"))
	for i, c := range badCells {
		want := "blocked"
		if c.Want {
			want = "allowed"
		}
		tw.Write([]byte(indent + c.Request.Origin + "\t" + bad[i].req.method() + "\t" +
			bad[i].req.credentials().String() + "\t" + c.Outcome.Verdict.String() + "\t" + want + "\t" + reason(bad[i]) + "\n"))
	}
	tw.Flush()
	assertion := "Blocked"
	if badCells[0].Want {
		assertion = "Allowed"
	}
	b.WriteString("first cell in full:\n")
	for _, l := range strings.Split(bad[0].failure(assertion, nil), "\n") {
		b.WriteString(indent + l + "\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// reason says in a few words why a cell came out as it did: the console's detail when
// blocked, the failure when there is no verdict, the status when allowed.
func reason(c *check) string {
	o := &c.out
	switch o.Verdict {
	case VerdictAllowed:
		return "status " + strconv.Itoa(o.Status)
	case VerdictOpaque:
		return "no-cors: opaque response"
	case VerdictFailed:
		return failedReason(o.Err)
	}
	if m := o.Console(); m != "" {
		if _, d, ok := strings.Cut(m, "has been blocked by CORS policy: "); ok {
			return d
		}
		return m
	}
	return o.Err.Error()
}
