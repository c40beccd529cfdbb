package demo

import "github.com/ezscale/hostbase/collections"

// groupSpec is a product group of the demo catalog.
type groupSpec struct {
	name, slug, tagline, description string
}

var productGroupSpecs = []groupSpec{
	{
		name: "Cloud VPS", slug: "cloud-vps",
		tagline: "KVM virtual servers on AMD EPYC and NVMe, ready in under a minute",
		description: `Root access, dedicated vCPU threads and local NVMe storage in our
Falkenstein and Nuremberg data centres.

- Deployed automatically the moment your payment clears
- 1 IPv4 address and a /64 IPv6 subnet included
- 20 TB of traffic, 10 Gbit/s uplink
- Reinstall, rescue system, VNC console and reverse DNS in the client area`,
	},
	{
		name: "Dedicated Servers", slug: "dedicated-servers",
		tagline: "Bare metal with ECC memory and unmetered 1 Gbit/s",
		description: `Single-tenant servers for workloads that need every core to themselves.

- Enterprise NVMe or HDD storage in software RAID 1
- Unmetered 1 Gbit/s port, /29 IPv4 and /64 IPv6
- Out-of-band IPMI access and a free rescue system
- Hand-provisioned by our engineers within one business day`,
	},
	{
		name: "Web Hosting", slug: "web-hosting",
		tagline: "Fast, managed hosting for WordPress and PHP sites",
		description: `Managed web hosting on LiteSpeed with PHP 8.3, free Let's Encrypt
certificates and daily off-site backups.

- One-click WordPress, staging sites and Git deployment
- Email with spam filtering on every plan
- Save up to 30% when you pay for two or three years`,
	},
	{
		name: "Game Servers", slug: "game-servers",
		tagline: "Lag-free Minecraft, Valheim and Rust servers with DDoS protection",
		description: `High-clock Ryzen nodes with NVMe storage and always-on DDoS filtering.

- Instant setup and a full web panel (Pterodactyl)
- Mods, plugins and workshop content supported
- Automatic backups, SFTP access and scheduled restarts`,
	},
}

// productSpec is a product of the demo catalog and its price list.
type productSpec struct {
	group       string // product group slug
	name        string
	slug        string
	kind        collections.ProductKind
	tagline     string
	description string
	features    []string

	monthly tri // price of one month per currency, in minor units
	setup   tri // setup fee where the term charges one
	terms   []term

	featured         bool
	hidden           bool
	requiresHostname bool
	trackStock       bool
	stock            int64
	provisioner      string
	config           map[string]any
	autoSetup        collections.ProductAutoSetup
}

// Provisioner plugin names.
const (
	provVirtFusion  = "virtfusion"
	provSynergyCP   = "synergycp"
	provEnhance     = "enhance"
	provPterodactyl = "pterodactyl"
)

// Slugs the rest of the catalog refers to.
const (
	slugVPSS           = "cloud-vps-s"
	slugDedicatedRyzen = "dedicated-ryzen-7-7700"
	slugMinecraft      = "minecraft-java-4gb"
)

var catalog = []productSpec{
	// Cloud VPS (VirtFusion)
	{
		group: "cloud-vps", name: "Cloud VPS S", slug: slugVPSS, kind: collections.ProductKindVps,
		tagline:  "For small sites, VPNs and side projects",
		features: []string{"2 vCPU (AMD EPYC)", "4 GB RAM", "80 GB NVMe", "20 TB traffic", "1 IPv4 + /64 IPv6"},
		description: `The entry plan of our cloud line: two dedicated vCPU threads on
AMD EPYC 9004, local NVMe storage and a 10 Gbit/s uplink.

Ideal for a WireGuard VPN, a small website or a CI runner. Need more memory?
Choose up to 16 GB at checkout without changing plans.`,
		monthly: tri{USD: 599, EUR: 549, GBP: 479}, terms: vpsTerms,
		requiresHostname: true, provisioner: provVirtFusion, autoSetup: collections.ProductAutoSetupOnPayment,
		config: map[string]any{"package_id": 11, "os_template_id": 1, "ipv4": 1, "traffic_gb": 20000},
	},
	{
		group: "cloud-vps", name: "Cloud VPS M", slug: "cloud-vps-m", kind: collections.ProductKindVps,
		tagline:  "Our most popular plan for apps and databases",
		features: []string{"4 vCPU (AMD EPYC)", "8 GB RAM", "160 GB NVMe", "20 TB traffic", "1 IPv4 + /64 IPv6"},
		description: `Four vCPU threads and 8 GB of memory: room for a busy WordPress
site, a PostgreSQL database or a handful of Docker containers.

Snapshots, a rescue system and a browser console are one click away in the
client area.`,
		monthly: tri{USD: 1199, EUR: 1099, GBP: 949}, terms: vpsTerms, featured: true,
		requiresHostname: true, provisioner: provVirtFusion, autoSetup: collections.ProductAutoSetupOnPayment,
		config: map[string]any{"package_id": 12, "os_template_id": 1, "ipv4": 1, "traffic_gb": 20000},
	},
	{
		group: "cloud-vps", name: "Cloud VPS L", slug: "cloud-vps-l", kind: collections.ProductKindVps,
		tagline:  "Headroom for production workloads",
		features: []string{"8 vCPU (AMD EPYC)", "16 GB RAM", "320 GB NVMe", "20 TB traffic", "1 IPv4 + /64 IPv6"},
		description: `Eight vCPU threads, 16 GB of memory and 320 GB of NVMe for
e-commerce shops, build servers and mid-sized databases.

Commit for two or three years and save up to 20%.`,
		monthly: tri{USD: 2299, EUR: 2099, GBP: 1799}, terms: vpsLongTerms,
		requiresHostname: true, provisioner: provVirtFusion, autoSetup: collections.ProductAutoSetupOnPayment,
		config: map[string]any{"package_id": 13, "os_template_id": 1, "ipv4": 1, "traffic_gb": 20000},
	},
	{
		group: "cloud-vps", name: "Cloud VPS XL", slug: "cloud-vps-xl", kind: collections.ProductKindVps,
		tagline:  "Sixteen cores without buying a whole server",
		features: []string{"16 vCPU (AMD EPYC)", "32 GB RAM", "640 GB NVMe", "20 TB traffic", "1 IPv4 + /64 IPv6"},
		description: `Our largest virtual server: sixteen vCPU threads, 32 GB of memory
and 640 GB of NVMe.

For Kubernetes nodes, analytics and anything that outgrew the L plan.`,
		monthly: tri{USD: 4499, EUR: 4099, GBP: 3549}, terms: vpsLongTerms,
		requiresHostname: true, provisioner: provVirtFusion, autoSetup: collections.ProductAutoSetupOnPayment,
		config: map[string]any{"package_id": 14, "os_template_id": 1, "ipv4": 1, "traffic_gb": 20000},
	},

	// Dedicated servers (SynergyCP), set up by hand, in limited stock
	{
		group: "dedicated-servers", name: "Dedicated Ryzen 7 7700", slug: slugDedicatedRyzen, kind: collections.ProductKindDedicated,
		tagline:  "8 Zen 4 cores at up to 5.3 GHz",
		features: []string{"AMD Ryzen 7 7700 (8C/16T)", "64 GB DDR5 ECC", "2 × 1 TB NVMe (RAID 1)", "Unmetered 1 Gbit/s", "/29 IPv4 + /64 IPv6", "IPMI access"},
		description: `A high-clock workhorse for game networks, CI and latency-sensitive
applications.

Setup fee waived on annual billing. Servers are assembled and tested by our
engineers, usually within one business day.`,
		monthly: tri{USD: 6900, EUR: 6400, GBP: 5500}, setup: tri{USD: 4900, EUR: 4900, GBP: 3900}, terms: dedicatedTerms,
		featured: true, requiresHostname: true, trackStock: true, stock: 3,
		provisioner: provSynergyCP, autoSetup: collections.ProductAutoSetupManual,
		config: map[string]any{"cpu_billing": "cpu-ryzen7-7700", "mem_billing": "mem-64g", "disks_billing": "disk-1tb-nvme,disk-1tb-nvme",
			"ip_group_billing": "ams1", "ips_billing": "ipv4-29", "port_speed_billing": "port-1g"},
	},
	{
		group: "dedicated-servers", name: "Dedicated EPYC 4464P", slug: "dedicated-epyc-4464p", kind: collections.ProductKindDedicated,
		tagline:  "12 cores and 128 GB for virtualisation and databases",
		features: []string{"AMD EPYC 4464P (12C/24T)", "128 GB DDR5 ECC", "2 × 1.92 TB NVMe (RAID 1)", "Unmetered 1 Gbit/s", "/29 IPv4 + /64 IPv6", "IPMI access"},
		description: `Server-grade EPYC with ECC memory: run Proxmox, a database cluster
node or a busy application server on hardware you do not share.

Only one unit left in this batch.`,
		monthly: tri{USD: 12900, EUR: 11900, GBP: 10200}, setup: tri{USD: 9900, EUR: 8900, GBP: 7900}, terms: dedicatedTerms,
		requiresHostname: true, trackStock: true, stock: 1,
		provisioner: provSynergyCP, autoSetup: collections.ProductAutoSetupManual,
		config: map[string]any{"cpu_billing": "cpu-epyc-4464p", "mem_billing": "mem-128g", "disks_billing": "disk-1920g-nvme,disk-1920g-nvme",
			"ip_group_billing": "ams1", "ips_billing": "ipv4-29", "port_speed_billing": "port-1g"},
	},
	{
		group: "dedicated-servers", name: "Dedicated Storage 64 TB", slug: "dedicated-storage-64tb", kind: collections.ProductKindDedicated,
		tagline:  "Four 16 TB drives for backups and media",
		features: []string{"Intel Xeon E-2388G (8C/16T)", "64 GB DDR4 ECC", "4 × 16 TB HDD + 2 × 960 GB SSD", "Unmetered 1 Gbit/s", "/29 IPv4 + /64 IPv6", "IPMI access"},
		description: `Bulk storage at a sensible price per terabyte: four enterprise
16 TB drives plus two SSDs for the system and a cache.

Currently out of stock: new units arrive every few weeks.`,
		monthly: tri{USD: 11900, EUR: 10900, GBP: 9400}, setup: tri{USD: 9900, EUR: 8900, GBP: 7900}, terms: dedicatedTerms,
		requiresHostname: true, trackStock: true, stock: 0,
		provisioner: provSynergyCP, autoSetup: collections.ProductAutoSetupManual,
		config: map[string]any{"cpu_billing": "cpu-xeon-e2388g", "mem_billing": "mem-64g", "disks_billing": "disk-16tb-hdd,disk-16tb-hdd,disk-16tb-hdd,disk-16tb-hdd",
			"ip_group_billing": "ams1", "ips_billing": "ipv4-29", "port_speed_billing": "port-1g"},
	},

	// Web hosting (Enhance)
	{
		group: "web-hosting", name: "Web Starter", slug: "web-starter", kind: collections.ProductKindHosting,
		tagline:  "One website, done right",
		features: []string{"1 website", "10 GB NVMe", "5 email accounts", "Free SSL", "Daily backups"},
		description: `Everything a personal site or a small business page needs:
LiteSpeed, PHP 8.3, free SSL and daily backups kept for 14 days.`,
		monthly: tri{USD: 299, EUR: 279, GBP: 249}, terms: hostingTerms,
		provisioner: provEnhance, autoSetup: collections.ProductAutoSetupOnPayment,
		config: map[string]any{"plan_id": 1},
	},
	{
		group: "web-hosting", name: "Web Business", slug: "web-business", kind: collections.ProductKindHosting,
		tagline:  "Ten sites, staging and unlimited mailboxes",
		features: []string{"10 websites", "50 GB NVMe", "Unlimited email accounts", "Free SSL", "Staging sites", "Daily backups"},
		description: `For freelancers and growing businesses: ten websites, one-click
staging copies and as many mailboxes as you need.

Pay for three years and save 30%.`,
		monthly: tri{USD: 699, EUR: 649, GBP: 549}, terms: hostingTerms, featured: true,
		provisioner: provEnhance, autoSetup: collections.ProductAutoSetupOnPayment,
		config: map[string]any{"plan_id": 2},
	},
	{
		group: "web-hosting", name: "Web Agency", slug: "web-agency", kind: collections.ProductKindHosting,
		tagline:  "Unlimited sites for agencies and developers",
		features: []string{"Unlimited websites", "200 GB NVMe", "Unlimited email accounts", "Free SSL", "Staging and Git deploy", "Priority support"},
		description: `Host every client site on one account, with isolated PHP pools per
site, Git deployment and priority support.`,
		monthly: tri{USD: 1499, EUR: 1399, GBP: 1199}, terms: hostingTerms,
		provisioner: provEnhance, autoSetup: collections.ProductAutoSetupOnPayment,
		config: map[string]any{"plan_id": 3},
	},
	{
		group: "web-hosting", name: "Web Reseller", slug: "web-reseller", kind: collections.ProductKindHosting,
		tagline:  "White-label hosting for partners",
		features: []string{"50 customer accounts", "500 GB NVMe", "White-label panel", "Free SSL", "Daily backups"},
		description: `Resell web hosting under your own brand.

Not listed in the store: partners receive the order link from our sales team.`,
		monthly: tri{USD: 2999, EUR: 2799, GBP: 2399}, terms: hostingTerms, hidden: true,
		provisioner: provEnhance, autoSetup: collections.ProductAutoSetupOnPayment,
		config: map[string]any{"plan_id": 9},
	},

	// Game servers (Pterodactyl)
	{
		group: "game-servers", name: "Minecraft Java 4 GB", slug: slugMinecraft, kind: collections.ProductKindGame,
		tagline:  "Paper, Fabric or Forge for up to 20 players",
		features: []string{"4 GB RAM", "2 vCPU at 5 GHz", "30 GB NVMe", "20 player slots", "Mods and plugins", "DDoS protection"},
		description: `Choose Paper, Purpur, Fabric or Forge and install modpacks from
the panel. Automatic backups every six hours.`,
		monthly: tri{USD: 799, EUR: 749, GBP: 649}, terms: gameTerms, featured: true,
		provisioner: provPterodactyl, autoSetup: collections.ProductAutoSetupOnPayment,
		config: map[string]any{"nest_id": 1, "egg_id": 3, "memory": 4096, "swap": 0,
			"disk": 30720, "cpu": 200, "io": 500, "databases": 1, "backups": 4, "allocations": 1,
			"docker_image": "ghcr.io/pterodactyl/yolks:java_21",
			"environment":  "{\"SERVER_JARFILE\":\"server.jar\",\"MINECRAFT_VERSION\":\"latest\",\"BUILD_NUMBER\":\"latest\"}"},
	},
	{
		group: "game-servers", name: "Valheim 10 Slots", slug: "valheim-10-slots", kind: collections.ProductKindGame,
		tagline:  "A dedicated world for your Viking crew",
		features: []string{"4 GB RAM", "2 vCPU at 5 GHz", "20 GB NVMe", "10 player slots", "BepInEx mods", "DDoS protection"},
		description: `Your world stays online when the host logs off. Crossplay and
BepInEx mods are supported.`,
		monthly: tri{USD: 1099, EUR: 999, GBP: 899}, terms: gameTerms,
		provisioner: provPterodactyl, autoSetup: collections.ProductAutoSetupOnPayment,
		config: map[string]any{"nest_id": 5, "egg_id": 21, "memory": 4096, "swap": 0,
			"disk": 20480, "cpu": 200, "io": 500, "databases": 0, "backups": 4, "allocations": 3,
			"docker_image": "ghcr.io/parkervcp/steamcmd:debian",
			"environment":  "{\"SERVER_NAME\":\"My Valheim Server\",\"WORLD\":\"Dedicated\",\"PUBLIC_SERVER\":\"1\"}"},
	},
	{
		group: "game-servers", name: "Rust 100 Slots", slug: "rust-100-slots", kind: collections.ProductKindGame,
		tagline:  "Monthly wipes, Oxide and 100 players",
		features: []string{"8 GB RAM", "4 vCPU at 5 GHz", "60 GB NVMe", "100 player slots", "Oxide/uMod", "DDoS protection"},
		description: `Built for wipe day: high-clock cores, fast NVMe and scheduled
wipes from the panel. Oxide/uMod plugins install with one click.`,
		monthly: tri{USD: 1999, EUR: 1849, GBP: 1599}, terms: gameTerms,
		provisioner: provPterodactyl, autoSetup: collections.ProductAutoSetupOnPayment,
		config: map[string]any{"nest_id": 4, "egg_id": 15, "memory": 8192, "swap": 0,
			"disk": 61440, "cpu": 400, "io": 500, "databases": 0, "backups": 4, "allocations": 2,
			"docker_image": "ghcr.io/pterodactyl/games:rust",
			"environment":  "{\"HOSTNAME\":\"My Rust Server\",\"LEVEL\":\"Procedural Map\",\"MAX_PLAYERS\":\"100\",\"FRAMEWORK\":\"oxide\"}"},
	},
}

// serverGroupSpecs are the server groups, one per panel.
var serverGroupSpecs = []struct {
	provisioner, name, description string
	strategy                       collections.ServerGroupStrategy
}{
	{provVirtFusion, "VirtFusion – Falkenstein", "KVM hypervisors for Cloud VPS, FSN1", collections.ServerGroupStrategyLeastFull},
	{provSynergyCP, "SynergyCP – Nuremberg", "Bare-metal inventory managed in SynergyCP, NBG1", collections.ServerGroupStrategyFirstFree},
	{provEnhance, "Enhance – Web cluster", "Enhance control panel cluster for shared web hosting", collections.ServerGroupStrategyRoundRobin},
	{provPterodactyl, "Pterodactyl – Game nodes", "Ryzen 9 7950X Wings nodes for game servers", collections.ServerGroupStrategyLeastFull},
}
