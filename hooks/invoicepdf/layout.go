package invoicepdf

import (
	"strings"

	"github.com/ezscale/hostbase/hooks/money"
)

// Type sizes and spacing, in points.
const (
	sizeBody  = 9.0
	sizeSmall = 8.0
	sizeTiny  = 7.0
	lhBody    = 12.5
	cellPad   = 6.0 // left and right padding in table cells
	logoMaxW  = 170.0
	logoMaxH  = 56.0
	windowTop = 127.56 // 45 mm: the address window of a DIN 5008 form B letter
	windowW   = 240.0
	totalsW   = 230.0 // the totals panel, right-aligned
	panelGap  = 24.0  // between the tax breakdown and the totals
)

// layout places a sanitized Document on pages.
type layout struct {
	canvas
	doc          Document
	cur          money.Currency
	logoW, logoH float64 // 0 without a logo

	y         float64 // the top of the free space on the current page
	bottom    float64 // the lowest y the body may reach
	footer    []string
	footerTop float64
	cols      columns
}

// baseline returns the baseline of text of the given size centred in a line
// box of height lh whose top is top.
func baseline(top, size, lh float64) float64 {
	return top + lh/2 + 0.35*size
}

func (l *layout) run() {
	l.prepareFooter()
	l.newPage()
	l.header()
	l.table()
	l.totals()
	l.notice()
	if l.showPaymentInstructions() {
		l.section("Payment instructions", l.doc.PaymentInstructions)
	}
	l.section("Notes", l.doc.Notes)
	l.footers()
}

func (l *layout) isCreditNote() bool { return l.doc.Kind == KindCreditNote }

func (l *layout) title() string {
	if l.isCreditNote() {
		return "Credit note"
	}
	return "Invoice"
}

// ensure starts a new page when h more points do not fit on this one.
func (l *layout) ensure(h float64) {
	if l.y+h > l.bottom {
		l.newPage()
	}
}

// newPage starts a page; pages after the first begin with a short running
// header naming the document.
func (l *layout) newPage() {
	l.addPage()
	l.y = marginT
	l.bottom = l.footerTop - 14
	if len(l.pages) == 1 {
		return
	}
	name := l.title()
	if l.doc.Number != "" {
		name += " " + l.doc.Number
	}
	b := baseline(marginT, sizeBody, 14)
	size := l.fit(bold, sizeBody, name, contentW-70)
	l.text(marginL, b, bold, size, colText, name)
	end := marginL + l.width(bold, size, name) + 4
	l.text(end, b, regular, sizeBody, colMuted, "(continued)")
	end += l.width(regular, sizeBody, "(continued)")
	if s := displayName(l.doc.Seller); s != "" && end+20+l.width(regular, sizeSmall, s) <= contentR {
		l.textRight(contentR, b, regular, sizeSmall, colMuted, s)
	}
	l.line(marginL, marginT+18, contentR, marginT+18, 0.5, colRule)
	l.y = marginT + 30
}

// displayName is the name a party is addressed by: its company, else the
// person's name.
func displayName(p Party) string {
	if p.Company != "" {
		return p.Company
	}
	return p.Name
}

func countryName(code string) string {
	if n, ok := countryNames[code]; ok {
		return n
	}
	return code
}

func taxIDLabel(country string) string {
	if euVAT[country] {
		return "VAT ID"
	}
	return "Tax ID"
}

// header draws the first page's top: logo and seller, the buyer's address
// with the document's facts beside it, and the title with the status badge.
func (l *layout) header() {
	d := l.doc

	// top left: the logo, or the seller's name as a word mark
	leftBottom := marginT
	if l.logoW > 0 {
		l.image(marginL, marginT, l.logoW, l.logoH)
		leftBottom = marginT + l.logoH
	} else if name := displayName(d.Seller); name != "" {
		size := l.fitWords(bold, 16, name, 250, 10)
		for _, s := range l.wrap(bold, size, name, 250) {
			l.text(marginL, baseline(leftBottom, size, size*1.25), bold, size, colAccent, s)
			leftBottom += size * 1.25
		}
	}

	// top right: the seller
	type styled struct {
		f    face
		size float64
		col  rgb
		s    string
	}
	var rows []styled
	if name := displayName(d.Seller); name != "" && l.logoW > 0 { // else the word mark names the seller
		rows = append(rows, styled{bold, sizeBody, colText, name})
	}
	if d.Seller.Company != "" && d.Seller.Name != "" && d.Seller.Name != d.Seller.Company {
		rows = append(rows, styled{regular, sizeSmall, colMuted, d.Seller.Name})
	}
	for _, a := range d.Seller.AddressLines {
		rows = append(rows, styled{regular, sizeSmall, colMuted, a})
	}
	if d.Seller.Country != "" {
		rows = append(rows, styled{regular, sizeSmall, colMuted, countryName(d.Seller.Country)})
	}
	for _, c := range []string{d.Seller.Email, d.Seller.Phone} {
		if c != "" {
			rows = append(rows, styled{regular, sizeSmall, colMuted, c})
		}
	}
	rightBottom := marginT
	for _, r := range rows {
		for _, s := range l.wrap(r.f, r.size, r.s, 200) {
			l.textRight(contentR, baseline(rightBottom, r.size, 11), r.f, r.size, r.col, s)
			rightBottom += 11
		}
	}

	top := max(windowTop, max(leftBottom, rightBottom)+18)

	// the sender line above the address, as in a window envelope
	sender := joinNonEmpty(" · ", append(append([]string{displayName(d.Seller)}, d.Seller.AddressLines...), countryName(d.Seller.Country))...)
	if sender != "" {
		size := l.fit(regular, 6.5, sender, windowW)
		l.text(marginL, baseline(top, size, 9), regular, size, colMuted, sender)
		l.line(marginL, top+10, marginL+windowW, top+10, 0.3, colRule)
	}

	// the buyer's address
	y := top + 16
	addr := func(f face, s string) {
		for _, w := range l.wrap(f, 10, s, windowW) {
			l.text(marginL, baseline(y, 10, 13), f, 10, colText, w)
			y += 13
		}
	}
	b := d.Buyer
	if b.Company != "" {
		addr(bold, b.Company)
		if b.Name != "" && b.Name != b.Company {
			addr(regular, b.Name)
		}
	} else if b.Name != "" {
		addr(bold, b.Name)
	}
	for _, a := range b.AddressLines {
		addr(regular, a)
	}
	if b.Country != "" && b.Country != d.Seller.Country {
		addr(regular, strings.ToUpper(countryName(b.Country)))
	}
	y += 5
	small := func(s string) {
		for _, w := range l.wrap(regular, sizeSmall, s, windowW) {
			l.text(marginL, baseline(y, sizeSmall, 11), regular, sizeSmall, colMuted, w)
			y += 11
		}
	}
	if b.TaxID != "" {
		small(taxIDLabel(b.Country) + " " + b.TaxID)
	}
	if b.Email != "" {
		small(b.Email)
	}
	if b.Phone != "" {
		small(b.Phone)
	}
	buyerBottom := y

	// the document's facts, right of the address
	type fact struct{ label, value string }
	var facts []fact
	number := d.Number
	if number == "" {
		number = "—"
	}
	facts = append(facts, fact{l.title() + " no.", number})
	if !d.IssuedOn.IsZero() {
		facts = append(facts, fact{"Issue date", formatDate(d.IssuedOn)})
	}
	if !d.DueOn.IsZero() && !l.isCreditNote() {
		facts = append(facts, fact{"Due date", formatDate(d.DueOn)})
	}
	if !d.PaidOn.IsZero() {
		facts = append(facts, fact{"Paid on", formatDate(d.PaidOn)})
	}
	const factsX = contentR - 210
	fy := top + 16
	for i, f := range facts {
		lb := baseline(fy, sizeBody, 14)
		l.text(factsX, lb, regular, sizeBody, colMuted, f.label)
		vf := regular
		if i == 0 {
			vf = bold
		}
		maxW := contentR - factsX - l.width(regular, sizeBody, f.label) - 10
		l.textRight(contentR, lb, vf, l.fit(vf, sizeBody, f.value, maxW), colText, f.value)
		fy += 14
	}

	// the title with the status badge
	l.y = max(max(buyerBottom, fy)+20, 248)
	label, col := badge(d.Status)
	badgeW := 0.0
	if label != "" {
		badgeW = l.width(bold, sizeSmall, label) + 16
	}
	title := l.title()
	if d.Number != "" {
		title += " " + d.Number
	}
	titleW := contentW - badgeW - 16
	titleSize := l.fitWords(bold, 18, title, titleW, 11)
	titleLH := max(titleSize*1.25, 22)
	lines := l.wrap(bold, titleSize, title, titleW)
	if label != "" {
		bh := 17.0
		bt := l.y + (titleLH-bh)/2
		l.fill(contentR-badgeW, bt, badgeW, bh, col, 3)
		l.text(contentR-badgeW+8, baseline(bt, sizeSmall, bh), bold, sizeSmall, colWhite, label)
	}
	for _, s := range lines {
		l.text(marginL, baseline(l.y, titleSize, titleLH), bold, titleSize, colText, s)
		l.y += titleLH
	}
	if l.isCreditNote() && d.RelatedNumber != "" {
		for _, s := range l.wrap(regular, 10, "Refers to invoice "+d.RelatedNumber, contentW) {
			l.text(marginL, baseline(l.y, 10, 14), regular, 10, colMuted, s)
			l.y += 14
		}
	}
	l.y += 10
}

// badge returns the text and colour of the status badge; "" for none.
func badge(status string) (string, rgb) {
	switch strings.ToLower(status) {
	case "":
		return "", rgb{}
	case StatusPaid:
		return "PAID", rgb{22, 128, 61}
	case StatusUnpaid:
		return "UNPAID", rgb{196, 43, 28}
	case StatusCancelled, "canceled":
		return "CANCELLED", rgb{107, 114, 128}
	case StatusRefunded:
		return "REFUNDED", rgb{29, 78, 216}
	case StatusDraft:
		return "DRAFT", rgb{180, 83, 9}
	default:
		return strings.ToUpper(strings.ReplaceAll(status, "_", " ")), rgb{107, 114, 128}
	}
}

func joinNonEmpty(sep string, parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, sep)
}

// columns are the right edges of the table's numeric columns and the
// description's box; numbers are right-aligned cellPad inside their edge.
type columns struct {
	descW                  float64
	qtyR, unitR, taxR, amR float64
}

var tableHeads = [5]string{"Description", "Qty", "Unit price", "Tax", "Amount"}

const (
	headH    = 20.0
	descLH   = 11.5
	periodLH = 9.5
	rowPadT  = 4.5
	rowPadB  = 4.5
)

func (l *layout) heads() [5]string {
	h := tableHeads
	h[2] += " (" + l.cur.Code + ")"
	h[4] += " (" + l.cur.Code + ")"
	return h
}

// planColumns sizes the numeric columns to their widest cell; the
// description takes the rest.
func (l *layout) planColumns() {
	h := l.heads()
	w := [5]float64{}
	for i := 1; i < 5; i++ {
		w[i] = l.width(bold, sizeSmall, h[i])
	}
	for _, ln := range l.doc.Lines {
		cells := l.cells(ln)
		for i := 1; i < 5; i++ {
			w[i] = max(w[i], l.width(regular, sizeBody, cells[i]))
		}
	}
	for i := 1; i < 5; i++ {
		w[i] += 2 * cellPad
	}
	w[1] = max(w[1], 34)
	w[3] = max(w[3], 44)
	l.cols.amR = contentR
	l.cols.taxR = l.cols.amR - w[4]
	l.cols.unitR = l.cols.taxR - w[3]
	l.cols.qtyR = l.cols.unitR - w[2]
	l.cols.descW = l.cols.qtyR - w[1] - marginL
	if l.cols.descW < 120 {
		// absurdly large numbers: keep a usable description column and let
		// the numbers shrink to their cells
		l.cols.descW = 120
		rest := contentW - 120
		sum := w[1] + w[2] + w[3] + w[4]
		l.cols.qtyR = marginL + 120 + rest*w[1]/sum
		l.cols.unitR = l.cols.qtyR + rest*w[2]/sum
		l.cols.taxR = l.cols.unitR + rest*w[3]/sum
	}
}

// cells returns the text of a line's numeric cells (index 1–4).
func (l *layout) cells(ln Line) [5]string {
	return [5]string{
		"",
		formatNumber(ln.Quantity, 0),
		formatNumber(ln.UnitAmount, l.cur.Decimals),
		formatRate(ln.TaxRateBP),
		formatNumber(ln.Amount, l.cur.Decimals),
	}
}

func (l *layout) colRight(i int) float64 {
	return [5]float64{0, l.cols.qtyR, l.cols.unitR, l.cols.taxR, l.cols.amR}[i]
}

func (l *layout) colLeft(i int) float64 {
	return [5]float64{marginL, marginL + l.cols.descW, l.cols.qtyR, l.cols.unitR, l.cols.taxR}[i]
}

// tableHead draws the table's header row.
func (l *layout) tableHead() {
	h := l.heads()
	l.fill(marginL, l.y, contentW, headH, colFill, 0)
	b := baseline(l.y, sizeSmall, headH)
	l.text(marginL+cellPad, b, bold, sizeSmall, colText, h[0])
	for i := 1; i < 5; i++ {
		maxW := l.colRight(i) - l.colLeft(i) - 2*cellPad
		l.textRight(l.colRight(i)-cellPad, b, bold, l.fit(bold, sizeSmall, h[i], maxW), colText, h[i])
	}
	l.y += headH
}

type rowLine struct {
	size, lh float64
	col      rgb
	s        string
}

// table draws the lines, repeating the header on every page it spans.
func (l *layout) table() {
	l.planColumns()
	textW := l.cols.descW - 2*cellPad
	rows := make([][]rowLine, len(l.doc.Lines))
	for i, ln := range l.doc.Lines {
		for _, s := range l.wrap(regular, sizeBody, ln.Description, textW) {
			rows[i] = append(rows[i], rowLine{sizeBody, descLH, colText, s})
		}
		if ln.Period != "" {
			for _, s := range l.wrap(regular, 7.5, ln.Period, textW) {
				rows[i] = append(rows[i], rowLine{7.5, periodLH, colMuted, s})
			}
		}
	}
	rowH := func(r []rowLine) float64 {
		h := rowPadT + rowPadB
		for _, rl := range r {
			h += rl.lh
		}
		return h
	}

	// a row taller than a page starts where it is, unless little is left
	fullH := l.footerTop - 14 - (marginT + 30) - headH

	// the header and the first row stay together
	first := 0.0
	if len(rows) > 0 {
		first = rowH(rows[0])
	}
	l.ensure(headH + min(first, 120))
	l.tableHead()
	fresh := true // nothing but the header on this page yet
	for i, ln := range l.doc.Lines {
		r := rows[i]
		if h := rowH(r); !fresh && l.y+h > l.bottom && (h <= fullH || l.bottom-l.y < 60) {
			l.newPage()
			l.tableHead()
		}
		fresh = false
		top := l.y + rowPadT
		for j, rl := range r {
			if top+rl.lh+rowPadB > l.bottom {
				// a row taller than a page continues on the next one
				l.newPage()
				l.tableHead()
				top = l.y + rowPadT
			}
			b := baseline(top, rl.size, rl.lh)
			l.text(marginL+cellPad, b, regular, rl.size, rl.col, rl.s)
			if j == 0 {
				cells := l.cells(ln)
				for c := 1; c < 5; c++ {
					maxW := l.colRight(c) - l.colLeft(c) - 2*cellPad
					l.textRight(l.colRight(c)-cellPad, b, regular, l.fit(regular, sizeBody, cells[c], maxW), colText, cells[c])
				}
			}
			top += rl.lh
		}
		l.y = top + rowPadB
		l.line(marginL, l.y, contentR, l.y, 0.5, colLight)
	}
	if len(l.doc.Lines) == 0 {
		l.y += 6
		l.text(marginL+cellPad, baseline(l.y, sizeBody, descLH), regular, sizeBody, colMuted, "No items.")
		l.y += descLH + 6
		l.line(marginL, l.y, contentR, l.y, 0.5, colLight)
	}
	l.y += 16
}

type totalRow struct {
	label, value string
	kind         int // 0 plain, 1 total, 2 the emphasised final figure
}

func (l *layout) totalRows() []totalRow {
	d := l.doc
	amt := func(v int64) string { return formatAmount(v, l.cur) }
	minus := func(v int64) string { return formatAmount(-v, l.cur) }
	rows := []totalRow{{"Subtotal", amt(d.Subtotal), 0}}
	if d.DiscountTotal != 0 {
		rows = append(rows, totalRow{"Discount", minus(d.DiscountTotal), 0})
	}
	rows = append(rows, totalRow{"Tax", amt(d.TaxTotal), 0})
	if l.isCreditNote() {
		rows = append(rows, totalRow{"Total credit", amt(d.Total), 2})
	} else {
		rows = append(rows, totalRow{"Total", amt(d.Total), 1})
	}
	if d.CreditApplied != 0 {
		rows = append(rows, totalRow{"Credit applied", minus(d.CreditApplied), 0})
	}
	if d.AmountPaid != 0 {
		rows = append(rows, totalRow{"Paid", minus(d.AmountPaid), 0})
	}
	if d.AmountRefunded != 0 {
		rows = append(rows, totalRow{"Refunded", amt(d.AmountRefunded), 0})
	}
	if !l.isCreditNote() || d.AmountDue != 0 {
		rows = append(rows, totalRow{"Amount due", amt(d.AmountDue), 2})
	}
	return rows
}

func totalRowH(kind int) float64 {
	switch kind {
	case 1:
		return 20
	case 2:
		return 26
	}
	return 16
}

// totals draws the tax breakdown (left) beside the totals (right), kept
// together on one page.
func (l *layout) totals() {
	rows := l.totalRows()
	totH := 0.0
	for _, r := range rows {
		totH += totalRowH(r.kind)
	}
	taxW := contentW - totalsW - panelGap
	taxH := 0.0
	if len(l.doc.TaxLines) > 0 {
		taxH = headH + float64(len(l.doc.TaxLines))*16 + 16 // a little slack for wrapped names
	}
	l.ensure(max(totH, taxH))
	top := l.y

	// totals
	x0 := contentR - totalsW
	y := top
	for _, r := range rows {
		h := totalRowH(r.kind)
		f, size, col := regular, sizeBody, colText
		switch r.kind {
		case 1:
			l.line(x0, y+2, contentR, y+2, 0.8, colText)
			f, size = bold, 10
		case 2:
			l.fill(x0, y+3, totalsW, h-3, colFill, 0)
			l.line(x0, y+3, contentR, y+3, 1, colText)
			f, size = bold, 11
		}
		b := baseline(y+2, size, h-2)
		labelCol := colMuted
		if r.kind > 0 {
			labelCol = col
		}
		l.text(x0+cellPad, b, f, size, labelCol, r.label)
		maxW := totalsW - 2*cellPad - l.width(f, size, r.label) - 12
		l.textRight(contentR-cellPad, b, f, l.fit(f, size, r.value, maxW), col, r.value)
		y += h
	}
	bottom := y

	// tax breakdown
	if len(l.doc.TaxLines) > 0 {
		bottom = max(bottom, l.taxBreakdown(marginL, top, taxW))
	}
	l.y = bottom + 18
}

// taxBreakdown draws the tax per rate in a box of width w at (x, top) and
// returns its bottom.
func (l *layout) taxBreakdown(x, top, w float64) float64 {
	heads := [4]string{"Tax", "Rate", "Net (" + l.cur.Code + ")", "Tax (" + l.cur.Code + ")"}
	cells := make([][4]string, len(l.doc.TaxLines))
	var cw [4]float64
	for i := 1; i < 4; i++ {
		cw[i] = l.width(bold, sizeTiny+0.5, heads[i])
	}
	for i, t := range l.doc.TaxLines {
		name := t.Name
		if name == "" {
			name = "Tax"
		}
		if t.Compound {
			name += " (compound)"
		}
		cells[i] = [4]string{name, formatRate(t.RateBP), formatNumber(t.Base, l.cur.Decimals), formatNumber(t.Amount, l.cur.Decimals)}
		for c := 1; c < 4; c++ {
			cw[c] = max(cw[c], l.width(regular, sizeSmall+0.5, cells[i][c]))
		}
	}
	for c := 1; c < 4; c++ {
		cw[c] += 2 * cellPad
	}
	cw[0] = max(w-cw[1]-cw[2]-cw[3], 50)
	rights := [4]float64{}
	acc := x
	for c := 0; c < 4; c++ {
		acc += cw[c]
		rights[c] = acc
	}
	scale := 1.0
	if acc > x+w {
		scale = w / (acc - x)
		for c := range rights {
			rights[c] = x + (rights[c]-x)*scale
		}
	}

	l.fill(x, top, w, headH, colFill, 0)
	b := baseline(top, sizeTiny+0.5, headH)
	l.text(x+cellPad, b, bold, sizeTiny+0.5, colText, heads[0])
	for c := 1; c < 4; c++ {
		l.textRight(rights[c]-cellPad, b, bold, (sizeTiny+0.5)*min(scale, 1), colText, heads[c])
	}
	y := top + headH
	for _, row := range cells {
		names := l.wrap(regular, sizeSmall+0.5, row[0], rights[0]-x-2*cellPad)
		h := float64(len(names))*11 + 5
		for j, n := range names {
			l.text(x+cellPad, baseline(y+2.5+float64(j)*11, sizeSmall+0.5, 11), regular, sizeSmall+0.5, colText, n)
		}
		b := baseline(y+2.5, sizeSmall+0.5, 11)
		for c := 1; c < 4; c++ {
			l.textRight(rights[c]-cellPad, b, regular, (sizeSmall+0.5)*min(scale, 1), colText, row[c])
		}
		y += h
		l.line(x, y, x+w, y, 0.5, colLight)
	}
	return y
}

// notice draws the legal notice (reverse charge) in a box.
func (l *layout) notice() {
	text := l.doc.Notice
	if text == "" && l.doc.ReverseCharge {
		text = DefaultReverseChargeNotice
	}
	if text == "" {
		return
	}
	const pad = 9.0
	lines := l.wrap(regular, sizeBody, text, contentW-2*pad-4)
	h := float64(len(lines))*lhBody + 2*pad - 2
	if h > l.bottom-marginT-40 {
		// longer than a page: print it as a section instead
		l.section("Notice", text)
		return
	}
	l.ensure(h)
	l.fill(marginL, l.y, contentW, h, colFill, 0)
	l.fill(marginL, l.y, 3, h, colAccent, 0)
	y := l.y + pad - 1
	for _, s := range lines {
		l.text(marginL+pad+4, baseline(y, sizeBody, lhBody), regular, sizeBody, colText, s)
		y += lhBody
	}
	l.y += h + 16
}

func (l *layout) showPaymentInstructions() bool {
	d := l.doc
	if d.PaymentInstructions == "" || l.isCreditNote() || d.AmountDue <= 0 {
		return false
	}
	switch strings.ToLower(d.Status) {
	case StatusPaid, StatusCancelled, "canceled", StatusRefunded:
		return false
	}
	return true
}

// section draws a heading and text that may continue on the next page.
func (l *layout) section(heading, text string) {
	if text == "" {
		return
	}
	lines := l.wrap(regular, sizeBody, text, contentW)
	// the heading stays with the first two lines
	l.ensure(16 + float64(min(len(lines), 2))*lhBody)
	l.text(marginL, baseline(l.y, 10, 16), bold, 10, colText, heading)
	l.y += 16
	for _, s := range lines {
		l.ensure(lhBody)
		l.text(marginL, baseline(l.y, sizeBody, lhBody), regular, sizeBody, colText, s)
		l.y += lhBody
	}
	l.y += 14
}

const footerLH = 9.5

// prepareFooter wraps the seller's legal details; every page's body ends
// above them.
func (l *layout) prepareFooter() {
	s := l.doc.Seller
	legal := s.Company
	if legal == "" {
		legal = s.Name
	}
	country := ""
	if s.Country != "" {
		country = countryName(s.Country)
	}
	lineA := joinNonEmpty(" · ", append(append([]string{legal}, s.AddressLines...), country)...)
	var ids []string
	if s.TaxID != "" {
		ids = append(ids, taxIDLabel(s.Country)+" "+s.TaxID)
	}
	if s.Registration != "" {
		ids = append(ids, "Registration: "+s.Registration)
	}
	lineB := strings.Join(ids, " · ")
	const textW = contentW - 80 // room for "Page 10 of 12"
	for _, part := range []string{lineA, lineB} {
		if part != "" {
			l.footer = append(l.footer, l.wrap(regular, sizeTiny, part, textW)...)
		}
	}
	n := max(len(l.footer), 1)
	l.footerTop = pageH - 28 - float64(n)*footerLH - 6
}

// footers draws the footer with "Page i of n" on every page.
func (l *layout) footers() {
	n := len(l.pages)
	for i, pg := range l.pages {
		l.pg = pg
		l.line(marginL, l.footerTop, contentR, l.footerTop, 0.5, colRule)
		y := l.footerTop + 6
		for _, s := range l.footer {
			l.text(marginL, baseline(y, sizeTiny, footerLH), regular, sizeTiny, colMuted, s)
			y += footerLH
		}
		num := "Page " + itoa(int64(i+1)) + " of " + itoa(int64(n))
		l.textRight(contentR, baseline(l.footerTop+6, sizeTiny, footerLH), regular, sizeTiny, colMuted, num)
	}
}
