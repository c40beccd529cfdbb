package demo

import (
	"time"

	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
)

// mailDomain is the demo company's mail domain (.example is reserved for
// documentation, so no mail ever reaches a real company).
const mailDomain = "northwind-hosting.example"

// departmentSpecs are the ticket departments; Abuse takes reports by email
// only and is hidden from the customer's department list.
var departmentSpecs = []struct {
	name, slug, description string
	hidden                  bool
	autoCloseDays           int64
}{
	{"Support", "support", "Technical help with your servers, websites and game servers.", false, 7},
	{"Billing", "billing", "Invoices, payments, refunds and changes to your account.", false, 7},
	{"Sales", "sales", "Questions before you order, custom quotes and volume pricing.", false, 14},
	{"Abuse", "abuse", "Reports of spam, phishing, malware or attacks from our network.", true, 30},
}

// ticketDepartments creates the departments, reusing one with the same slug.
func (s *seeder) ticketDepartments() error {
	for i, spec := range departmentSpecs {
		r, err := s.findBy(collections.TicketDepartments, collections.TicketDepartmentFields.Slug, spec.slug)
		if err != nil {
			return err
		}
		var d *collections.TicketDepartment
		if r != nil {
			d = collections.WrapTicketDepartment(r)
		} else {
			if d, err = collections.NewTicketDepartment(s.app); err != nil {
				return err
			}
			d.SetSlug(spec.slug)
		}
		d.SetName(spec.name)
		d.SetDescription(spec.description)
		d.SetEmailAddress(spec.slug + "@" + mailDomain)
		d.SetHidden(spec.hidden)
		d.SetSort(int64((i + 1) * 10))
		d.SetAutoCloseDays(spec.autoCloseDays)
		if err := s.save(d, spec.slug); err != nil {
			return err
		}
		s.departments[spec.slug] = d.Id
	}
	return nil
}

var kbCategorySpecs = []struct{ name, slug, description string }{
	{"Getting Started", "getting-started", "Your first steps with us: from the order to a running service."},
	{"VPS", "vps", "Connecting to, securing and managing your Cloud VPS."},
	{"Billing", "billing", "Invoices, renewals, payment methods and account credit."},
}

// kbArticleSpec is a knowledge base article; daysAgo dates its publication,
// and a draft has none.
type kbArticleSpec struct {
	category, title, slug, excerpt, body string
	tags                                 []string
	draft                                bool
	daysAgo                              int
	related                              []string // slugs of earlier articles
}

var kbArticleSpecs = []kbArticleSpec{
	{
		category: "getting-started", title: "Your first steps after ordering", slug: "first-steps-after-ordering",
		excerpt: "What happens between your order and a running service, and where to find your login details.",
		tags:    []string{"order", "welcome", "client area"}, daysAgo: 60,
		body: `Thank you for your order! Here is what happens next.

## 1. Payment

Your order is confirmed as soon as the first invoice is paid. Card and PayPal
payments clear instantly; bank transfers take one to two business days.

## 2. Setup

- **Cloud VPS, web hosting and game servers** are set up automatically within
  a minute or two of payment.
- **Dedicated servers** are assembled and tested by our engineers, usually
  within one business day. We email you when yours is ready.

## 3. Your login details

The welcome email contains the address of your service and how to log in. You
can always find them again under **Services** in the client area.

## Need help?

Open a ticket with the **Support** department. We answer around the clock.`,
	},
	{
		category: "vps", title: "How to connect to your VPS via SSH", slug: "connect-to-vps-via-ssh",
		excerpt: "Log in to your Linux server from Windows, macOS or Linux with SSH, and set up key-based login.",
		tags:    []string{"ssh", "linux", "vps"}, daysAgo: 45,
		body: `Every Linux VPS can be reached over SSH on port 22 as soon as it is
running. You need the server's IP address and the root password from your
welcome email (or the SSH key you added at checkout).

## From macOS or Linux

Open a terminal and run:

` + "```sh" + `
ssh root@203.0.113.10
` + "```" + `

Replace ` + "`203.0.113.10`" + ` with your server's IP address. The first time you connect,
confirm the host key fingerprint with ` + "`yes`" + `.

## From Windows 10 and 11

Windows ships with OpenSSH: open **PowerShell** and run the same command. On
older systems, use [PuTTY](https://www.putty.org/) and enter the IP address as
the host name.

## Use an SSH key instead of a password

1. Create a key pair on your computer: ` + "`ssh-keygen -t ed25519`" + `
2. Copy the public key to the server: ` + "`ssh-copy-id root@203.0.113.10`" + `
3. Log in again; no password is asked.
4. Optionally, disable password logins: set ` + "`PasswordAuthentication no`" + ` in
   ` + "`/etc/ssh/sshd_config`" + ` and run ` + "`systemctl restart ssh`" + `.

## Connection refused or timed out?

- Check in the client area that the server is **running**.
- A firewall (ufw, firewalld) may block port 22: use the **VNC console** in the
  client area to log in and allow it with ` + "`ufw allow OpenSSH`" + `.`,
	},
	{
		category: "vps", title: "Resetting the root password of your VPS", slug: "reset-vps-root-password",
		excerpt: "Forgot the root password? Reset it from the client area or with the rescue system.",
		tags:    []string{"password", "root", "rescue", "vps"}, daysAgo: 40,
		related: []string{"connect-to-vps-via-ssh"},
		body: `If you can no longer log in as root, you can set a new password without
losing any data.

## From the client area (recommended)

1. Go to **Services** and open your VPS.
2. Click **Reset root password**.
3. Confirm. The server is restarted and the new password is shown once and sent
   to your email address.

This works for every image we provide, Windows included (there it resets the
**Administrator** password).

## With the rescue system

If the reset does not work, for example because you changed the boot
configuration:

1. In the client area, click **Rescue system** and note the temporary password.
2. Connect with ` + "`ssh root@YOUR-IP`" + ` and mount your disk:

   ` + "```sh" + `
   mount /dev/vda1 /mnt
   chroot /mnt passwd root
   ` + "```" + `

3. Leave the rescue system with **Boot normally** and log in with the new
   password.

For security, we never ask for or store your root password.`,
	},
	{
		category: "billing", title: "How invoices and renewals work", slug: "how-invoices-and-renewals-work",
		excerpt: "When we invoice, when payment is due, and what happens if a renewal is not paid.",
		tags:    []string{"invoice", "renewal", "billing"}, daysAgo: 30,
		body: `Every service renews automatically at the end of its billing period
(monthly, quarterly, annually …) until you cancel it.

## When you are invoiced

- We create the renewal invoice **7 days before** the due date and email it to
  you.
- If you have **account credit**, it is applied to the invoice first.
- If you saved a **card**, it is charged on the due date.

## When payment is late

| Days after due date | What happens |
|---|---|
| 1, 3 and 7 | Friendly reminders by email |
| 14 | The service is suspended; your data is kept |
| 45 | The service is terminated and its data deleted |

Paying the invoice reactivates a suspended service within minutes.

## Cancelling

Request cancellation under **Services → Cancel**, either immediately or at the
end of the period you already paid for. No further invoices are created.

## Taxes

Prices are shown without VAT. EU customers with a valid VAT number are invoiced
under the reverse-charge procedure.`,
	},
	{
		category: "billing", title: "Paying by bank transfer", slug: "paying-by-bank-transfer",
		excerpt: "Our bank details and how to make sure your transfer is matched to the right invoice.",
		tags:    []string{"payment", "bank transfer", "sepa"}, daysAgo: 25,
		related: []string{"how-invoices-and-renewals-work"},
		body: `You can pay any invoice by SEPA or international bank transfer.

1. Open the invoice in the client area and choose **Bank transfer**.
2. Transfer the **exact amount due** to the account shown on the invoice.
3. Use the **invoice number** (for example ` + "`INV-2026-000123`" + `) as the payment
   reference, so we can match your payment.

SEPA transfers usually arrive within one business day, international transfers
within three to five. Services are activated once the payment has arrived.

Please pay bank fees yourself (SHA/OUR): a short payment leaves an amount due on
the invoice. Card and PayPal payments are credited instantly.`,
	},
	{
		category: "vps", title: "Setting up reverse DNS (PTR records)", slug: "setting-up-reverse-dns",
		excerpt: "Point your IP address back to your host name, which mail servers expect.",
		tags:    []string{"dns", "ptr", "email", "vps"}, draft: true,
		related: []string{"connect-to-vps-via-ssh"},
		body: `Mail servers check that the IP address sending mail resolves back to a
host name (a PTR record). You can set it for every IPv4 and IPv6 address of
your server.

1. Create an A (and AAAA) record for your host name, e.g.
   ` + "`mail.example.com`" + `, pointing to your server.
2. In the client area, open your VPS and go to **Network → Reverse DNS**.
3. Enter ` + "`mail.example.com`" + ` next to the address and save.

Changes are live within a few minutes; check with ` + "`dig -x 203.0.113.10`" + `.`,
	},
}

// knowledgeBase creates the categories and articles. body_html is left
// empty: the knowledge base's hook renders it from the markdown.
func (s *seeder) knowledgeBase() error {
	categories := map[string]string{}
	for i, spec := range kbCategorySpecs {
		c, err := collections.NewKBCategory(s.app)
		if err != nil {
			return err
		}
		c.SetName(spec.name)
		c.SetSlug(spec.slug)
		c.SetDescription(spec.description)
		c.SetSort(int64((i + 1) * 10))
		if err := s.save(c, spec.slug); err != nil {
			return err
		}
		categories[spec.slug] = c.Id
	}

	articles := map[string]string{}
	for i, spec := range kbArticleSpecs {
		a, err := collections.NewKBArticle(s.app)
		if err != nil {
			return err
		}
		a.SetCategoryID(categories[spec.category])
		a.SetTitle(spec.title)
		a.SetSlug(spec.slug)
		a.SetExcerpt(spec.excerpt)
		a.SetBody(spec.body)
		a.SetTags(spec.tags)
		a.SetSort(int64((i + 1) * 10))
		if spec.draft {
			a.SetStatus(collections.KBArticleStatusDraft)
		} else {
			a.SetStatus(collections.KBArticleStatusPublished)
			a.SetPublishedAt(s.daysAgo(spec.daysAgo))
		}
		related := make([]string, 0, len(spec.related))
		for _, slug := range spec.related {
			related = append(related, articles[slug])
		}
		a.SetRelatedIDs(related)
		if err := s.save(a, spec.slug); err != nil {
			return err
		}
		articles[spec.slug] = a.Id
	}
	return nil
}

// daysAgo returns the seeding moment minus n days, to the second.
func (s *seeder) daysAgo(n int) types.DateTime {
	dt, _ := types.ParseDateTime(s.now.Add(-time.Duration(n) * 24 * time.Hour).Truncate(time.Second))
	return dt
}

// announcements creates one published announcement and one draft.
func (s *seeder) announcements() error {
	welcome, err := collections.NewAnnouncement(s.app)
	if err != nil {
		return err
	}
	welcome.SetTitle("Welcome to the new " + s.company + " client area")
	welcome.SetSlug("welcome-to-the-new-client-area")
	welcome.SetBody(`We have moved billing, support and server management into one place.

- **Faster checkout**: Cloud VPS and game servers are online within a minute of payment.
- **Pay your way**: card, PayPal, bank transfer or account credit, in USD, EUR or GBP.
- **One login**: invoices, tickets and your servers' consoles on the same page.

Your existing services, invoices and tickets have been carried over. If anything
looks wrong, please open a ticket with the Support department.`)
	welcome.SetPublished(true)
	welcome.SetPublishAt(s.daysAgo(2))
	welcome.SetFeatured(true)

	maintenance, err := collections.NewAnnouncement(s.app)
	if err != nil {
		return err
	}
	maintenance.SetTitle("Scheduled network maintenance in Falkenstein")
	maintenance.SetSlug("scheduled-network-maintenance-falkenstein")
	maintenance.SetBody(`We are upgrading the core routers of our Falkenstein (FSN1) location to
400 Gbit/s uplinks.

- **Window:** Sunday, 02:00–04:00 CET
- **Impact:** up to two short interruptions of less than five minutes each for
  Cloud VPS in FSN1. Dedicated servers and web hosting are not affected.

No action is needed on your side.`)
	maintenance.SetPublished(false)

	for _, a := range []*collections.Announcement{welcome, maintenance} {
		if err := s.save(a, a.Slug()); err != nil {
			return err
		}
	}
	return nil
}
