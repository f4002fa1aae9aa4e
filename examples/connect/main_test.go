package main

import (
	"encoding/binary"
	"net/http"
	"testing"

	"github.com/corskit/corskit/corstest"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

// connectCall is a unary call as Connect's web client (connect-es) makes it.
func connectCall(origin, name string) corstest.Request {
	return corstest.Request{
		Origin: origin,
		Method: http.MethodPost,
		Path:   greetProcedure,
		Header: http.Header{
			"Content-Type":             {"application/json"},
			"Connect-Protocol-Version": {"1"},
			"Connect-Timeout-Ms":       {"10000"},
		},
		Body: `"` + name + `"`,
	}
}

// grpcWebCall is a unary call as gRPC-Web clients make it: one length-prefixed message.
func grpcWebCall(t *testing.T, origin, name string) corstest.Request {
	msg, err := proto.Marshal(wrapperspb.String(name))
	if err != nil {
		t.Fatal(err)
	}
	frame := binary.BigEndian.AppendUint32([]byte{0}, uint32(len(msg)))
	return corstest.Request{
		Origin: origin,
		Method: http.MethodPost,
		Path:   greetProcedure,
		Header: http.Header{
			"Content-Type": {"application/grpc-web+proto"},
			"X-Grpc-Web":   {"1"},
			"X-User-Agent": {"grpc-web-javascript/0.1"},
			"Grpc-Timeout": {"10S"},
		},
		Body: string(append(frame, msg...)),
	}
}

func TestConnectProtocol(t *testing.T) {
	h, err := newHandler()
	if err != nil {
		t.Fatal(err)
	}
	o := corstest.Allowed(t, h, connectCall("https://app.example.com", "Ada"))
	if got, want := string(o.Body), `"Hello, Ada"`; got != want {
		t.Errorf("body = %q, want %q", got, want)
	}
	// An error is a non-2xx response the page reads too: the client shows its code and message.
	o = corstest.Allowed(t, h, connectCall("https://app.example.com", ""))
	if o.Status != http.StatusBadRequest {
		t.Errorf("status = %d, want 400", o.Status)
	}
	corstest.Blocked(t, h, connectCall("https://evil.example", "Ada"))
}

func TestGRPCWebProtocol(t *testing.T) {
	h, err := newHandler()
	if err != nil {
		t.Fatal(err)
	}
	o := corstest.Allowed(t, h, grpcWebCall(t, "https://app.example.com", "Ada"))
	if len(o.Body) < 5 {
		t.Fatalf("body %q: want a gRPC-Web message frame", o.Body)
	}
	n := binary.BigEndian.Uint32(o.Body[1:5])
	var got wrapperspb.StringValue
	if err := proto.Unmarshal(o.Body[5:5+n], &got); err != nil || got.GetValue() != "Hello, Ada" {
		t.Errorf("message = %q (%v), want %q", got.GetValue(), err, "Hello, Ada")
	}
	// A failed call answers "trailers only": the status is in headers the client must read.
	corstest.Readable(t, h, grpcWebCall(t, "https://app.example.com", ""), "Grpc-Status", "Grpc-Message")
	corstest.Blocked(t, h, grpcWebCall(t, "https://evil.example", "Ada"))
}
