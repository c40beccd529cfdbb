package demo

import (
	"fmt"

	"github.com/ezscale/hostbase/collections"
)

// settings fills in the company details of the one settings record the
// migrations create: a German company selling in USD, EUR and GBP.
func (s *seeder) settings() error {
	all, err := s.app.FindAllRecords(collections.Settings)
	if err != nil {
		return fmt.Errorf("demo: read settings: %w", err)
	}
	if len(all) == 0 {
		return fmt.Errorf("demo: there is no settings record; run the migrations first")
	}
	st := collections.WrapCompanySettings(all[0])
	st.SetCompanyName(s.company)
	st.SetCompanyLegalName(s.company + " GmbH")
	st.SetCompanyEmail("hello@" + mailDomain)
	st.SetCompanyPhone("+49 911 5550 1200")
	st.SetCompanyAddressLine1("Musterstraße 42")
	st.SetCompanyAddressLine2("3. OG")
	st.SetCompanyCity("Nürnberg")
	st.SetCompanyState("Bayern")
	st.SetCompanyPostcode("90402")
	st.SetCompanyCountry("DE")
	st.SetCompanyTaxID("DE123456789")
	st.SetCompanyRegistration("HRB 12345, Amtsgericht Nürnberg")
	st.SetTimezone("Europe/Berlin")
	st.SetBaseCurrency("USD")
	st.SetGateways(map[string]bool{"stripe": true, "paypal": true, "credit": true, "manual": true})
	st.SetBankTransferInstructions(fmt.Sprintf(`Please transfer the amount due to:

Account holder: %s GmbH
Bank: Musterbank Nürnberg
IBAN: DE89 3704 0044 0532 0130 00
BIC: COBADEFFXXX

Use your invoice number (e.g. INV-2026-000123) as the payment reference so that we can match your payment. SEPA transfers usually arrive within one business day; the service starts once the payment has arrived.`, s.company))
	return s.save(st, "company")
}
