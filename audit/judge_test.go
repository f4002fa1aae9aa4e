package audit

import (
	"net/http"
	"testing"
)

func TestSharedCacheable(t *testing.T) {
	for _, c := range []struct {
		status int
		cc     []string
		exp    bool
		want   bool
	}{
		{200, nil, false, true},
		{404, nil, false, true},
		{403, nil, false, false}, // not heuristically cacheable
		{403, []string{"max-age=60"}, false, true},
		{401, nil, true, true}, // Expires
		{200, []string{"public, no-store"}, false, false},
		{200, []string{"Private"}, false, false},
		{200, []string{"max-age=10", "private"}, false, false},
		{500, []string{"s-maxage=5"}, false, true},
		{500, []string{"public"}, false, true},
	} {
		h := http.Header{}
		for _, v := range c.cc {
			h.Add("Cache-Control", v)
		}
		if c.exp {
			h.Set("Expires", "Thu, 01 Jan 2099 00:00:00 GMT")
		}
		if got := sharedCacheable(c.status, h); got != c.want {
			t.Errorf("%d %v expires=%v: %v, want %v", c.status, c.cc, c.exp, got, c.want)
		}
	}
}

func TestVariesAndFromCache(t *testing.T) {
	for _, c := range []struct {
		h      http.Header
		varies bool
		cache  bool
	}{
		{http.Header{"Vary": {"Accept-Encoding", "origin"}}, true, false},
		{http.Header{"Vary": {"Accept, *"}}, true, false},
		{http.Header{"Vary": {"Originator"}}, false, false},
		{http.Header{"Age": {"0"}}, false, true},
		{http.Header{"X-Cache": {"Hit from cloudfront"}}, false, true},
		{http.Header{"X-Cache": {"MISS"}}, false, false},
		{http.Header{"Cf-Cache-Status": {"HIT"}}, false, true},
	} {
		if varies(c.h) != c.varies || fromCache(c.h) != c.cache {
			t.Errorf("%v: varies %v, fromCache %v; want %v, %v", c.h, varies(c.h), fromCache(c.h), c.varies, c.cache)
		}
	}
}
