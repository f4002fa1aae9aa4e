module github.com/corskit/corskit/cmd/corskit

go 1.25.0

replace github.com/corskit/corskit => ../..

require github.com/corskit/corskit v0.0.0-00010101000000-000000000000

require golang.org/x/net v0.58.0 // indirect
