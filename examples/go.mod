module github.com/corskit/corskit/examples

go 1.25.0

require (
	github.com/corskit/corskit v0.0.0
	github.com/go-chi/chi/v5 v5.5.0
	github.com/gorilla/mux v1.8.1
)

require (
	golang.org/x/net v0.58.0 // indirect
	golang.org/x/text v0.41.0 // indirect
)

replace github.com/corskit/corskit => ../
