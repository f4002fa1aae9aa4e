package e2e

import (
	"testing"
)

func TestScratchMedia(t *testing.T) {
	s := needBrowser(t)
	type res struct {
		Type string
		Size int
		B64  string
		Err  string
	}
	r, err := eval[res](s, `(async () => {
  try {
    const c = document.createElement("canvas"); c.width = c.height = 16;
    const ctx = c.getContext("2d");
    const types = ["video/webm;codecs=vp8", "video/webm;codecs=vp9", "video/webm"];
    const type = types.find(t => MediaRecorder.isTypeSupported(t));
    const stream = c.captureStream(30);
    const rec = new MediaRecorder(stream, {mimeType: type});
    const chunks = [];
    rec.ondataavailable = e => chunks.push(e.data);
    const stopped = new Promise(r => rec.onstop = r);
    rec.start();
    for (let i = 0; i < 10; i++) { ctx.fillStyle = i % 2 ? "red" : "blue"; ctx.fillRect(0, 0, 16, 16); await new Promise(r => setTimeout(r, 40)); }
    rec.stop();
    await stopped;
    const blob = new Blob(chunks, {type});
    const buf = new Uint8Array(await blob.arrayBuffer());
    let s = ""; for (const b of buf) s += String.fromCharCode(b);
    return {type, size: buf.length, b64: btoa(s)};
  } catch (e) { return {err: String(e)}; }
})()`)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s %d %s err=%s", r.Type, r.Size, r.B64[:min(60, len(r.B64))], r.Err)
}
