// Package pdf writes the platform's printable documents — decisions,
// notices, opinions, catalogs — as PDF with Chinese text.
//
// It embeds no font. Text is set in STSong-Light, one of the standard
// Adobe-GB1 CID fonts every PDF reader supplies for Simplified Chinese
// (Acrobat's Asian font pack, PDFium, pdf.js and Poppler map it to a
// system Song typeface), encoded with the predefined UniGB-UTF16-H CMap.
// That keeps a ten-page decision a few kilobytes and needs no font file in
// the repository or at run time. The page follows GB/T 9704-2012 (党政机关
// 公文格式): A4, margins 37/26/35/28 mm, body in 三号 (16 pt), title in
// 二号 (22 pt), page numbers "— n —" at the foot.
package pdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"strings"
	"unicode/utf16"
)

// Page geometry in points (1 mm = 72/25.4 pt).
const (
	mm           = 72 / 25.4
	pageWidth    = 210 * mm
	pageHeight   = 297 * mm
	marginTop    = 37 * mm
	marginBottom = 35 * mm
	marginLeft   = 28 * mm
	marginRight  = 26 * mm
	textWidth    = pageWidth - marginLeft - marginRight

	titleSize    = 22 // 二号
	subtitleSize = 16 // 三号
	bodySize     = 16 // 三号
	tableSize    = 12 // 小四
	footSize     = 14 // 四号
	lineFactor   = 1.8
)

// Doc is a document being laid out. Its methods add blocks top to bottom;
// a block that does not fit continues on a new page.
type Doc struct {
	pages []*bytes.Buffer
	y     float64 // current baseline cursor from the top of the page
	title string
}

// New starts an A4 portrait document.
func New() *Doc {
	d := &Doc{}
	d.newPage()
	return d
}

// SetTitle records the document title in the file's metadata.
func (d *Doc) SetTitle(s string) { d.title = s }

func (d *Doc) page() *bytes.Buffer { return d.pages[len(d.pages)-1] }

func (d *Doc) newPage() {
	d.pages = append(d.pages, &bytes.Buffer{})
	d.y = marginTop
}

// PageBreak starts a new page.
func (d *Doc) PageBreak() { d.newPage() }

// Space adds vertical space in millimetres.
func (d *Doc) Space(millimetres float64) {
	d.y += millimetres * mm
	if d.y > pageHeight-marginBottom {
		d.newPage()
	}
}

// Title is the document's title: centred, 22 pt, bold.
func (d *Doc) Title(s string) {
	if d.title == "" {
		d.title = s
	}
	d.block(s, titleSize, alignCentre, 0, true)
	d.Space(3)
}

// Subtitle is centred 16 pt text under the title, such as the document number.
func (d *Doc) Subtitle(s string) { d.block(s, subtitleSize, alignCentre, 0, false) }

// Heading is a bold left-aligned line of the body size.
func (d *Doc) Heading(s string) { d.block(s, bodySize, alignLeft, 0, true) }

// Para is a body paragraph with a first-line indent of two characters.
func (d *Doc) Para(s string) {
	for _, p := range strings.Split(s, "\n") {
		d.block(p, bodySize, alignLeft, 2, false)
	}
}

// Line is body text without indent (wrapped when long).
func (d *Doc) Line(s string) { d.block(s, bodySize, alignLeft, 0, false) }

// Right is body text aligned to the right margin, such as the issuing
// authority and the date at the foot of a decision.
func (d *Doc) Right(s string) { d.block(s, bodySize, alignRight, 0, false) }

type align int

const (
	alignLeft align = iota
	alignCentre
	alignRight
)

// block wraps s to the text width and writes its lines.
func (d *Doc) block(s string, size float64, a align, indent int, bold bool) {
	lead := size * lineFactor
	for i, line := range wrap(s, size, textWidth, indent) {
		if d.y+lead > pageHeight-marginBottom+size {
			d.newPage()
		}
		d.y += lead
		x := marginLeft
		w := width(line, size)
		switch {
		case a == alignCentre:
			x += (textWidth - w) / 2
		case a == alignRight:
			x += textWidth - w
		case i == 0:
			x += float64(indent) * size
		}
		d.text(x, d.y, size, line, bold)
	}
}

// text writes one line with its baseline at y from the top.
func (d *Doc) text(x, y, size float64, s string, bold bool) {
	b := d.page()
	mode := 0
	if bold {
		// Fill and stroke: a heavier stroke stands in for a bold face,
		// which the standard CID fonts do not have.
		mode = 2
		fmt.Fprintf(b, "0.4 w ")
	}
	fmt.Fprintf(b, "BT /F1 %.2f Tf %d Tr %.2f %.2f Td <%s> Tj ET\n", size, mode, x, pageHeight-y, utf16Hex(s))
}

// Table draws a ruled table with a header row; widths are column widths
// in millimetres (scaled to the text width when they add up to more).
// Cells wrap; the header repeats on each new page.
func (d *Doc) Table(header []string, rows [][]string, widths []float64) {
	cols := make([]float64, len(header))
	total := 0.0
	for i := range cols {
		w := 30.0
		if i < len(widths) {
			w = widths[i]
		}
		cols[i] = w * mm
		total += cols[i]
	}
	if total > textWidth {
		for i := range cols {
			cols[i] *= textWidth / total
		}
	}
	d.Space(2)
	d.row(header, cols, true)
	for _, r := range rows {
		if d.rowHeight(r, cols)+d.y > pageHeight-marginBottom {
			d.newPage()
			d.row(header, cols, true)
		}
		d.row(r, cols, false)
	}
	d.Space(2)
}

const cellPad = 1.5 * mm

func (d *Doc) rowHeight(cells []string, cols []float64) float64 {
	lines := 1
	for i, w := range cols {
		if i < len(cells) {
			lines = max(lines, len(wrap(cells[i], tableSize, w-2*cellPad, 0)))
		}
	}
	return float64(lines)*tableSize*1.5 + 2*cellPad
}

func (d *Doc) row(cells []string, cols []float64, bold bool) {
	h := d.rowHeight(cells, cols)
	top := d.y
	x := marginLeft
	b := d.page()
	for i, w := range cols {
		fmt.Fprintf(b, "0.5 w %.2f %.2f %.2f %.2f re S\n", x, pageHeight-top-h, w, h)
		if i < len(cells) {
			for j, line := range wrap(cells[i], tableSize, w-2*cellPad, 0) {
				base := top + cellPad + float64(j+1)*tableSize*1.5 - tableSize*0.35
				d.text(x+cellPad, base, tableSize, line, bold)
			}
		}
		x += w
	}
	d.y = top + h
}

// Bytes is the finished PDF file.
func (d *Doc) Bytes() []byte {
	var w writer
	w.buf.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	n := len(d.pages)
	// Object numbers: 1 catalog, 2 pages, 3 font, 4 CID font, 5 descriptor,
	// 6 info, then a page and its content for each page.
	pageObj := func(i int) int { return 7 + 2*i }
	kids := make([]string, n)
	for i := range kids {
		kids[i] = fmt.Sprintf("%d 0 R", pageObj(i))
	}
	w.object(1, "<< /Type /Catalog /Pages 2 0 R /Lang (zh-CN) >>")
	w.object(2, fmt.Sprintf("<< /Type /Pages /Count %d /Kids [%s] >>", n, strings.Join(kids, " ")))
	w.object(3, "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UTF16-H /DescendantFonts [4 0 R] >>")
	w.object(4, "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "+
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 5 0 R /DW 1000 /W [1 95 500] >>")
	w.object(5, "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "+
		"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>")
	w.object(6, fmt.Sprintf("<< /Title <FEFF%s> /Producer (fazhi) >>", utf16Hex(d.title)))
	for i, content := range d.pages {
		foot := fmt.Sprintf("— %d —", i+1)
		fmt.Fprintf(content, "BT /F1 %d Tf %.2f %.2f Td <%s> Tj ET\n", footSize,
			(pageWidth-width(foot, footSize))/2, marginBottom-14*mm, utf16Hex(foot))
		w.object(pageObj(i), fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] "+
			"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>", pageWidth, pageHeight, pageObj(i)+1))
		w.stream(pageObj(i)+1, content.Bytes())
	}
	return w.finish(6 + 2*n)
}

// writer assembles objects and the cross-reference table.
type writer struct {
	buf     bytes.Buffer
	offsets map[int]int
}

func (w *writer) object(num int, body string) {
	if w.offsets == nil {
		w.offsets = map[int]int{}
	}
	w.offsets[num] = w.buf.Len()
	fmt.Fprintf(&w.buf, "%d 0 obj\n%s\nendobj\n", num, body)
}

func (w *writer) stream(num int, data []byte) {
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(data) // writes to memory cannot fail
	zw.Close()
	w.offsets[num] = w.buf.Len()
	fmt.Fprintf(&w.buf, "%d 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n", num, z.Len())
	w.buf.Write(z.Bytes())
	w.buf.WriteString("\nendstream\nendobj\n")
}

func (w *writer) finish(count int) []byte {
	xref := w.buf.Len()
	fmt.Fprintf(&w.buf, "xref\n0 %d\n0000000000 65535 f \n", count+1)
	for i := 1; i <= count; i++ {
		fmt.Fprintf(&w.buf, "%010d 00000 n \n", w.offsets[i])
	}
	fmt.Fprintf(&w.buf, "trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n", count+1, xref)
	return w.buf.Bytes()
}

// utf16Hex encodes s for the UniGB-UTF16-H CMap (big-endian UTF-16).
func utf16Hex(s string) string {
	var b strings.Builder
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	return b.String()
}
