// Command connect serves a Connect RPC service (connectrpc.com/connect) behind corskit's
// CORS middleware, so that browsers can call it with the Connect and gRPC-Web protocols.
//
// Browsers cannot speak gRPC itself (it needs HTTP trailers that fetch() does not give
// pages); they speak Connect or gRPC-Web, both POSTs with a Content-Type that is not
// safelisted and headers of their own, so every call is preflighted. The policy lists
// those request headers, and exposes the headers gRPC-Web clients read the status from.
//
// The service uses a well-known protobuf type so that the example needs no generated code;
// a real service registers the handler its generated package makes (greetv1connect.New…).
package main

import (
	"context"
	"errors"
	"log"
	"net/http"

	"connectrpc.com/connect"
	"github.com/corskit/corskit/cors"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

func main() {
	h, err := newHandler()
	if err != nil {
		log.Fatal(err)
	}
	log.Println("listening on http://localhost:8080")
	log.Fatal(http.ListenAndServe("localhost:8080", h))
}

// greetProcedure is the procedure the service serves: its URL path.
const greetProcedure = "/greet.v1.GreetService/Greet"

// policy lets the web app at https://app.example.com call the service.
var policy = cors.Config{
	Origins: []string{"https://app.example.com"},
	// Connect uses POST (and GET for idempotent calls): both are safelisted, nothing to list.
	RequestHeaders: []string{
		"Content-Type",             // application/json, application/proto, application/grpc-web+proto
		"Connect-Protocol-Version", // Connect
		"Connect-Timeout-Ms",       // Connect, when the client sets a timeout
		"Grpc-Timeout",             // gRPC-Web, when the client sets a timeout
		"X-Grpc-Web",               // gRPC-Web
		"X-User-Agent",             // gRPC-Web
	},
	ResponseHeaders: []string{"Grpc-Status", "Grpc-Message", "Grpc-Status-Details-Bin"},
	MaxAge:          7200,
}

func newHandler() (http.Handler, error) {
	m, err := cors.New(policy)
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle(greetProcedure, connect.NewUnaryHandler(greetProcedure, greet))
	return m.Wrap(mux), nil
}

func greet(_ context.Context, req *connect.Request[wrapperspb.StringValue]) (*connect.Response[wrapperspb.StringValue], error) {
	name := req.Msg.GetValue()
	if name == "" {
		return nil, connect.NewError(connect.CodeInvalidArgument, errors.New("name is empty"))
	}
	return connect.NewResponse(wrapperspb.String("Hello, " + name)), nil
}
