package main

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/png"
	"sort"
	"unicode/utf16"
)

// The resources the play test API serves, one per way of making the request: each is
// real enough for the browser to use it (the image decodes, the font passes Chromium's
// font sanitizer, the script runs, the stylesheet applies), so that whatever fails is
// CORS.

// playScript is the script the API serves: it fails, so that the page sees whether
// window.onerror gets the error in full or muted ("Script error."). A runtime error (a
// ReferenceError), not an Error the script throws itself: Firefox 153 mutes the first in
// a cross-origin script but reports the second in full (measured through the page).
const playScript = "corskitPlayAPI.fails(); // a ReferenceError: corskitPlayAPI is not defined\n"

// playStylesheet is the stylesheet the API serves: one rule, which the page tries to read
// through sheet.cssRules.
const playStylesheet = ".corskit-play-probe { color: rgb(1, 2, 3); }\n"

// playImage returns a 16×16 PNG: a diagonal split in two colours, so that a canvas that
// reads it back can tell it got the pixels.
func playImage() []byte {
	m := image.NewRGBA(image.Rect(0, 0, 16, 16))
	for y := range 16 {
		for x := range 16 {
			c := color.RGBA{R: 0x1f, G: 0x5f, B: 0xbf, A: 0xff}
			if x > y {
				c = color.RGBA{R: 0xf2, G: 0xa9, B: 0x00, A: 0xff}
			}
			m.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	_ = png.Encode(&b, m) // writing to memory cannot fail
	return b.Bytes()
}

// playFont returns a minimal TrueType font: every printable ASCII character is a
// rectangle. It has the tables a browser's font sanitizer requires (cmap, glyf, head,
// hhea, hmtx, loca, maxp, name, OS/2, post) and nothing else, about 800 bytes.
func playFont() []byte {
	be := binary.BigEndian
	u16 := func(b []byte, vs ...int) []byte {
		for _, v := range vs {
			b = be.AppendUint16(b, uint16(v))
		}
		return b
	}
	u32 := func(b []byte, vs ...uint32) []byte {
		for _, v := range vs {
			b = be.AppendUint32(b, v)
		}
		return b
	}
	const (
		upem    = 1000
		advance = 600
		ascent  = 800
		descent = 200
	)
	// Two glyphs, .notdef and the rectangle, with the same outline: one contour of
	// four on-curve points, clockwise, from (50,0) to (550,700).
	glyph := u16(nil, 1, 50, 0, 550, 700) // numberOfContours, xMin, yMin, xMax, yMax
	glyph = u16(glyph, 3, 0)              // endPtsOfContours[0], instructionLength
	glyph = append(glyph, 1, 1, 1, 1)     // flags: on curve, 16-bit deltas
	glyph = u16(glyph, 50, 0, 500, 0)     // x deltas
	glyph = u16(glyph, 0, 700, 0, -700&0xffff)
	glyf := append(append([]byte{}, glyph...), glyph...)
	loca := u16(nil, 0, len(glyph)/2, len(glyf)/2) // short offsets: bytes / 2

	head := u16(nil, 1, 0)
	head = u32(head, 0x00010000, 0, 0x5F0F3CF5) // fontRevision, checkSumAdjustment (set below), magic
	head = u16(head, 0x000B, upem)
	head = u32(head, 0, 0, 0, 0) // created, modified
	head = u16(head, 50, 0, 550, 700, 0, 8, 2, 0, 0)

	hhea := u32(nil, 0x00010000)
	hhea = u16(hhea, ascent, -descent&0xffff, 0, advance, 50, 50, 550, 1, 0, 0, 0, 0, 0, 0, 0, 2)

	maxp := u32(nil, 0x00010000)
	maxp = u16(maxp, 2, 4, 1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0)

	hmtx := u16(nil, advance, 50, advance, 50)

	// cmap: one format 4 subtable (Windows, Unicode BMP) mapping U+0020–U+007E to glyph 1
	// through glyphIdArray, and the final segment U+FFFF.
	const first, last = 0x20, 0x7E
	sub := u16(nil, 4, 32+2*(last-first+1), 0, 4, 4, 1, 0) // format, length, language, segCountX2, searchRange, entrySelector, rangeShift
	sub = u16(sub, last, 0xFFFF, 0)                        // endCode[], reservedPad
	sub = u16(sub, first, 0xFFFF)                          // startCode[]
	sub = u16(sub, 0, 1)                                   // idDelta[]
	sub = u16(sub, 4, 0)                                   // idRangeOffset[]: segment 0 reads glyphIdArray
	for range last - first + 1 {
		sub = u16(sub, 1) // glyphIdArray[]
	}
	cmap := u16(nil, 0, 1, 3, 1)
	cmap = u32(cmap, 12)
	cmap = append(cmap, sub...)

	names := []string{1: "corskit play", 2: "Regular", 3: "corskit play Regular", 4: "corskit play Regular", 5: "Version 1.0", 6: "corskitplay-Regular"}
	var strs []byte
	var recs []byte
	for id, s := range names {
		if s == "" {
			continue
		}
		enc := utf16.Encode([]rune(s))
		recs = u16(recs, 3, 1, 0x409, id, 2*len(enc), len(strs))
		for _, r := range enc {
			strs = u16(strs, int(r))
		}
	}
	count := len(recs) / 12
	name := u16(nil, 0, count, 6+len(recs))
	name = append(append(name, recs...), strs...)

	os2 := u16(nil, 4, advance, 400, 5, 0, 650, 600, 0, 75, 650, 600, 0, 350, 50, 300, 0)
	os2 = append(os2, make([]byte, 10)...) // panose
	os2 = u32(os2, 1, 0, 0, 0)             // ulUnicodeRange1-4: Basic Latin
	os2 = append(os2, "NONE"...)
	os2 = u16(os2, 0x40, 0x20, 0x7E, ascent, -descent&0xffff, 0, ascent, descent)
	os2 = u32(os2, 1, 0) // ulCodePageRange1-2: Latin 1
	os2 = u16(os2, 500, 700, 0, 0x20, 1)

	post := u32(nil, 0x00030000, 0)
	post = u16(post, -100&0xffff, 50)
	post = u32(post, 0, 0, 0, 0, 0)

	tables := map[string][]byte{"OS/2": os2, "cmap": cmap, "glyf": glyf, "head": head, "hhea": hhea,
		"hmtx": hmtx, "loca": loca, "maxp": maxp, "name": name, "post": post}
	tags := make([]string, 0, len(tables))
	for t := range tables {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	n := len(tags)
	out := u32(nil, 0x00010000)
	out = u16(out, n, 128, 3, n*16-128) // numTables, searchRange (16·8), entrySelector, rangeShift
	offset := len(out) + 16*n
	var body []byte
	headAt := 0
	for _, tag := range tags {
		data := tables[tag]
		if tag == "head" {
			headAt = offset + len(body)
		}
		out = append(out, tag...)
		out = u32(out, checksum(data), uint32(offset+len(body)), uint32(len(data)))
		body = append(body, data...)
		for len(body)%4 != 0 {
			body = append(body, 0)
		}
	}
	out = append(out, body...)
	be.PutUint32(out[headAt+8:], 0xB1B0AFBA-checksum(out))
	return out
}

// checksum is the OpenType table checksum: the sum of the big-endian 32-bit words, the
// last one zero-padded.
func checksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}
