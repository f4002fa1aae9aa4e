package e2e

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/corskit/corskit/cors"
)

func TestScratchVideoCSS(t *testing.T) {
	s := needBrowser(t)
	type res struct {
		B64 string
	}
	r, err := eval[res](s, `(async () => {
    const c = document.createElement("canvas"); c.width = c.height = 16;
    const ctx = c.getContext("2d");
    const type = "video/webm;codecs=vp8";
    const rec = new MediaRecorder(c.captureStream(30), {mimeType: type});
    const chunks = [];
    rec.ondataavailable = e => chunks.push(e.data);
    const stopped = new Promise(r => rec.onstop = r);
    rec.start();
    for (let i = 0; i < 10; i++) { ctx.fillStyle = i % 2 ? "red" : "blue"; ctx.fillRect(0, 0, 16, 16); await new Promise(r => setTimeout(r, 40)); }
    rec.stop();
    await stopped;
    const buf = new Uint8Array(await new Blob(chunks).arrayBuffer());
    let s = ""; for (const b of buf) s += String.fromCharCode(b);
    return {b64: btoa(s)};
})()`)
	if err != nil {
		t.Fatal(err)
	}
	video, _ := base64.StdEncoding.DecodeString(r.B64)
	for _, pol := range []string{"page", "other", "none"} {
		var h http.Handler = http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			t.Logf("%s %s range=%q origin=%q mode=%q dest=%q", req.Method, req.URL.Path, req.Header.Get("Range"), req.Header.Get("Origin"), req.Header.Get("Sec-Fetch-Mode"), req.Header.Get("Sec-Fetch-Dest"))
			w.Header().Set("Cache-Control", "no-store")
			if bytes.HasSuffix([]byte(req.URL.Path), []byte(".css")) {
				w.Header().Set("Content-Type", "text/css")
				w.Write([]byte("body { color: rgb(1, 2, 3); }"))
				return
			}
			w.Header().Set("Content-Type", "video/webm")
			http.ServeContent(w, req, "v.webm", time.Time{}, bytes.NewReader(video))
		})
		if pol != "none" {
			o := s.page.origin
			if pol == "other" {
				o = s.third.origin
			}
			m, _ := cors.New(cors.Config{Origins: []string{o}})
			h = m.Wrap(h)
		}
		scope := s.routes.mount(h)
		for _, attr := range []string{"null", `"anonymous"`} {
			type out struct {
				Video, CSS string
			}
			expr := fmt.Sprintf(`(async () => {
  const url = %q, attr = %s;
  const v = document.createElement("video");
  v.muted = true; v.preload = "auto";
  if (attr !== null) v.crossOrigin = attr;
  const r1 = await new Promise(res => {
    v.onloadeddata = () => res("loaded");
    v.onerror = () => res("error " + (v.error && v.error.code) + " " + (v.error && v.error.message));
    v.src = url + "v.webm";
  });
  let video = r1;
  if (r1 === "loaded") {
    const c = document.createElement("canvas"); c.width = c.height = 16;
    const ctx = c.getContext("2d"); ctx.drawImage(v, 0, 0);
    try { ctx.getImageData(0, 0, 1, 1); video += " clean"; } catch (e) { video += " " + e.name; }
  }
  const l = document.createElement("link"); l.rel = "stylesheet";
  if (attr !== null) l.crossOrigin = attr;
  const r2 = await new Promise(res => { l.onload = () => res("loaded"); l.onerror = () => res("error"); l.href = url + "s.css"; document.head.append(l); });
  let css = r2;
  if (r2 === "loaded") { try { css += " rules=" + l.sheet.cssRules.length; } catch (e) { css += " " + e.name; } }
  l.remove();
  return {video, css};
})()`, s.api.origin+scope, attr)
			o, msgs, err := evalInScope(s, scope, expr, func(out) bool { return false })
			t.Logf("policy %s attr %s: %+v %q err=%v", pol, attr, o, msgs, err)
		}
		s.routes.unmount(scope)
	}
}
