package e2e

import "github.com/corskit/corskit/internal/casegen"

// genCase is one generated differential case (internal/casegen).
type genCase = casegen.Case

// generate returns case i of the run with the given seed.
func generate(seed uint64, i int) genCase { return casegen.Generate(seed, i) }

// caseInit returns the RequestInit with which fetch() makes the case's request.
func caseInit(c genCase) fetchInit {
	return fetchInit{Method: c.Method, Headers: c.Headers, Body: c.Body, Mode: c.Mode, Credentials: c.Credentials}
}
