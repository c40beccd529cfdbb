package invoicepdf

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"time"

	"github.com/ezscale/hostbase/hooks/money"
)

// The documents the tests render. Totals are computed here with the
// invariants of the billing code, so the printed figures are consistent.

func date(y int, m time.Month, d int) money.Date { return money.Date{Year: y, Month: m, Day: d} }

var germanSeller = Party{
	Company:      "Nordlicht Hosting GmbH",
	AddressLines: []string{"Friedrichstraße 123", "10117 Berlin"},
	Country:      "DE",
	TaxID:        "DE123456789",
	Registration: "Amtsgericht Charlottenburg, HRB 234567 B",
	Email:        "billing@nordlicht-hosting.de",
	Phone:        "+49 30 1234567",
}

var polishBuyer = Party{
	Company:      "Zażółć gęślą jaźń Sp. z o.o.",
	Name:         "Дмитрий Иванов",
	AddressLines: []string{"ul. Świętokrzyska 12/4", "00-916 Warszawa"},
	Country:      "PL",
	TaxID:        "PL5260250274",
	Email:        "dmitrij@zazolc.pl",
}

var germanBuyer = Party{
	Name:         "Jürgen Weiß",
	Company:      "Weiß & Söhne Webdesign",
	AddressLines: []string{"Königsallee 7", "40212 Düsseldorf"},
	Country:      "DE",
	TaxID:        "DE987654321",
}

// finish fills the totals of d from its lines: tax per rate (half-even,
// once per line, as the billing code does), subtotal, total and amount due.
func finish(d Document) Document {
	var rates []int64
	base := map[int64]int64{}
	tax := map[int64]int64{}
	d.Subtotal, d.TaxTotal = 0, 0
	for i, l := range d.Lines {
		t, err := money.MulRateBP(l.Amount, l.TaxRateBP)
		if err != nil {
			panic(err)
		}
		d.Lines[i].Tax = t
		if _, ok := base[l.TaxRateBP]; !ok {
			rates = append(rates, l.TaxRateBP)
		}
		base[l.TaxRateBP] += l.Amount
		tax[l.TaxRateBP] += t
		d.Subtotal += l.Amount
		d.TaxTotal += t
	}
	d.TaxLines = nil
	for _, r := range rates {
		d.TaxLines = append(d.TaxLines, TaxLine{Name: "VAT", RateBP: r, Base: base[r], Amount: tax[r]})
	}
	d.Total = d.Subtotal + d.TaxTotal - d.DiscountTotal
	d.AmountDue = d.Total - d.CreditApplied - d.AmountPaid + d.AmountRefunded
	return d
}

func line(desc, period string, qty, unit, rateBP int64) Line {
	return Line{Description: desc, Period: period, Quantity: qty, UnitAmount: unit, Amount: qty * unit, TaxRateBP: rateBP}
}

// invoice10 is a 10-line EUR invoice from a German host to a Polish
// company, reverse charged, unpaid, with a discount and part paid by credit.
func invoice10() Document {
	const march = "1 March 2026 – 31 March 2026"
	d := Document{
		Kind:     KindInvoice,
		Number:   "RE-2026-00042",
		Status:   StatusUnpaid,
		IssuedOn: date(2026, time.March, 1),
		DueOn:    date(2026, time.March, 15),
		Currency: "EUR",
		Seller:   germanSeller,
		Buyer:    polishBuyer,
		Lines: []Line{
			line("Dedicated server AX-102: AMD Ryzen 9 7950X3D, 128 GB DDR5 ECC RAM, 2 × 1.92 TB NVMe SSD (software RAID 1), 1 Gbit/s unmetered uplink, Frankfurt am Main (FRA2)", march, 1, 11900, 0),
			line("VPS Cloud L — 8 vCPU, 16 GB RAM, 320 GB NVMe (vps-4821.nordlicht.cloud)", march, 2, 2499, 0),
			line("Managed backup, 500 GB", march, 1, 1290, 0),
			line("Additional IPv4 address", march, 4, 150, 0),
			line("DDoS protection Premium", march, 1, 4900, 0),
			line("Setup fee, dedicated server AX-102", "", 1, 9900, 0),
			line("Domain registration zazolc-gesla-jazn.pl", "1 March 2026 – 28 February 2027", 1, 1499, 0),
			line("SSL certificate, wildcard *.zazolc.pl", "1 March 2026 – 28 February 2027", 1, 6900, 0),
			line("Object storage, 2 TB", march, 2, 1000, 0),
			line("Priority support (24/7), response time under 30 minutes", march, 1, 14900, 0),
		},
		DiscountTotal:       5000,
		CreditApplied:       2500,
		ReverseCharge:       true,
		PaymentInstructions: "Please transfer the amount due by 15 March 2026 to IBAN DE89 3704 0044 0532 0130 00 (BIC COBADEFFXXX, Commerzbank Berlin), quoting invoice number RE-2026-00042 as the reference.",
		Notes:               "Thank you for your business! Questions about this invoice: billing@nordlicht-hosting.de.\nDziękujemy za współpracę.",
	}
	return finish(d)
}

// creditNote refunds part of a domestic German invoice at 19% VAT.
func creditNote() Document {
	d := Document{
		Kind:          KindCreditNote,
		Number:        "GS-2026-0007",
		Status:        StatusRefunded,
		IssuedOn:      date(2026, time.March, 18),
		Currency:      "EUR",
		Seller:        germanSeller,
		Buyer:         germanBuyer,
		RelatedNumber: "RE-2026-00031",
		Lines: []Line{
			line("Refund: VPS Cloud M, unused period after cancellation", "17 March 2026 – 31 March 2026", 1, 725, 1900),
			line("Refund: additional IPv4 address", "17 March 2026 – 31 March 2026", 2, 73, 1900),
		},
		Notes: "The amount has been refunded to the original payment method (Visa •••• 4242).",
	}
	d = finish(d)
	d.AmountRefunded = d.Total
	d.AmountDue = 0
	return d
}

// invoice60 is a paid domestic invoice with 60 lines, spanning pages.
func invoice60() Document {
	d := Document{
		Kind:     KindInvoice,
		Number:   "RE-2026-00108",
		Status:   StatusPaid,
		IssuedOn: date(2026, time.April, 1),
		DueOn:    date(2026, time.April, 15),
		PaidOn:   date(2026, time.April, 3),
		Currency: "EUR",
		Seller:   germanSeller,
		Buyer:    germanBuyer,
		Notes:    "Paid by SEPA direct debit, mandate NH-0042-7.",
	}
	for i := range 60 {
		rate := int64(1900)
		if i%10 == 9 {
			rate = 700 // a reduced rate, so the breakdown has two rows
		}
		desc := fmt.Sprintf("VPS Cloud S #%02d (vps-%04d.nordlicht.cloud)", i+1, 5000+i)
		if i%7 == 3 {
			desc += ", with managed backup, monitoring, a dedicated IPv4 address and priority support under the business SLA"
		}
		d.Lines = append(d.Lines, line(desc, "1 April 2026 – 30 April 2026", int64(1+i%3), 499+int64(i)*10, rate))
	}
	d = finish(d)
	d.AmountPaid = d.Total
	d.AmountDue = 0
	return d
}

// cjkInvoice has a Japanese customer: the fonts have no CJK glyphs.
func cjkInvoice() Document {
	d := Document{
		Kind:     KindInvoice,
		Number:   "INV-2026-0500",
		Status:   StatusUnpaid,
		IssuedOn: date(2026, time.May, 10),
		DueOn:    date(2026, time.May, 24),
		Currency: "JPY",
		Seller:   germanSeller,
		Buyer: Party{
			Company:      "東京ホスティング株式会社",
			Name:         "王小明",
			AddressLines: []string{"1-2-3 Shibuya", "Tokyo 150-0002"},
			Country:      "JP",
		},
		Lines: []Line{
			line("Dedicated server AX-52", "10 May 2026 – 9 June 2026", 1, 12000, 0),
			line("Backup space 1 TB 🚀", "10 May 2026 – 9 June 2026", 1, 1500, 0),
		},
		Notice: "Export of services: not taxable in Germany (§ 3a UStG).",
	}
	return finish(d)
}

// testLogo is a 240 × 80 PNG with transparency: a blue bar and a dot.
func testLogo() []byte {
	img := image.NewNRGBA(image.Rect(0, 0, 240, 80))
	for y := 0; y < 80; y++ {
		for x := 0; x < 240; x++ {
			switch {
			case y >= 20 && y < 60 && x >= 10 && x < 150:
				img.Set(x, y, color.NRGBA{30, 64, 110, 255})
			case (x-200)*(x-200)+(y-40)*(y-40) < 400:
				img.Set(x, y, color.NRGBA{22, 128, 61, 200})
			}
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err)
	}
	return b.Bytes()
}
