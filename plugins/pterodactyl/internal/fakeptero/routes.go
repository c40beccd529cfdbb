package fakeptero

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

func (p *Panel) routes() http.Handler {
	mux := http.NewServeMux()
	app := func(pattern string, h http.HandlerFunc) {
		method, path, _ := strings.Cut(pattern, " ")
		mux.HandleFunc(method+" /api/application"+path, h)
	}
	cli := func(pattern string, h http.HandlerFunc) {
		method, path, _ := strings.Cut(pattern, " ")
		mux.HandleFunc(method+" /api/client"+path, h)
	}
	app("GET /users", p.listUsers)
	app("POST /users", p.createUser)
	app("GET /users/{id}", p.viewUser)
	app("GET /nodes", p.listNodes)
	app("GET /nodes/deployable", p.deployable)
	app("GET /nests/{nest}/eggs/{egg}", p.viewEgg)
	app("GET /servers", p.listServers)
	app("POST /servers", p.createServer)
	app("GET /servers/{id}", p.withServer(p.viewServer))
	app("GET /servers/external/{ext}", p.viewExternal)
	app("PATCH /servers/{id}/build", p.withServer(p.build))
	app("POST /servers/{id}/suspend", p.withServer(p.suspension(true)))
	app("POST /servers/{id}/unsuspend", p.withServer(p.suspension(false)))
	app("POST /servers/{id}/reinstall", p.withServer(p.reinstall))
	app("DELETE /servers/{id}", p.withServer(p.delete))
	cli("GET /account", p.account)
	cli("POST /servers/{identifier}/power", p.power)
	cli("GET /servers/{identifier}/resources", p.resources)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { notFound(w) })
	return p.middleware(mux)
}

// middleware records, injects faults, and checks the key: application
// routes want the ptla_ key, client routes the ptlc_ one.
func (p *Panel) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		p.requests = append(p.requests, r.Method+" "+r.URL.Path)
		var fault *Fault
		for _, f := range p.faults {
			if (f.Method == "" || f.Method == r.Method) && strings.HasPrefix(r.URL.Path, f.PathPrefix) && (f.Times == 0 || f.hits < f.Times) {
				f.hits++
				fault = f
				break
			}
		}
		want := p.appKey
		if strings.HasPrefix(r.URL.Path, "/api/client") {
			want = p.clientKey
		}
		p.mu.Unlock()
		if fault != nil {
			if fault.RetryAfter != "" {
				w.Header().Set("Retry-After", fault.RetryAfter)
			}
			if fault.Body != "" {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(fault.Status)
				_, _ = w.Write([]byte(fault.Body))
				return
			}
			apiError(w, fault.Status, codeFor(fault.Status), detailFor(fault.Status))
			return
		}
		if r.Header.Get("Authorization") != "Bearer "+want {
			apiError(w, http.StatusUnauthorized, "AuthenticationException", "Unauthenticated.")
			return
		}
		next.ServeHTTP(w, r)
	})
}

func codeFor(status int) string {
	switch status {
	case 404:
		return "NotFoundHttpException"
	case 409:
		return "ConflictHttpException"
	case 429:
		return "TooManyRequestsHttpException"
	case 401:
		return "AuthenticationException"
	case 503:
		return "ServiceUnavailableHttpException"
	default:
		return "HttpException"
	}
}

func detailFor(status int) string {
	switch status {
	case 404:
		return "The requested resource could not be found on the server."
	case 429:
		return "Too Many Attempts."
	case 500:
		return "An unexpected error was encountered while processing this request, please try again."
	default:
		return http.StatusText(status)
	}
}

// apiError writes the panel's error body (app/Exceptions/Handler.php).
func apiError(w http.ResponseWriter, status int, code, detail string) {
	writeJSON(w, status, map[string]any{"errors": []any{map[string]any{"code": code, "status": strconv.Itoa(status), "detail": detail}}})
}

func notFound(w http.ResponseWriter) {
	apiError(w, http.StatusNotFound, "NotFoundHttpException", "The requested resource could not be found on the server.")
}

// validation writes a ValidationException as the panel does: one entry
// per failed rule, with meta.source_field and meta.rule.
func validation(w http.ResponseWriter, field, rule, detail string) {
	writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"errors": []any{map[string]any{
		"code": "ValidationException", "status": "422", "detail": detail,
		"meta": map[string]string{"source_field": field, "rule": rule}}}})
}

func item(object string, attrs map[string]any) map[string]any {
	return map[string]any{"object": object, "attributes": attrs}
}

func list(items []any, page, perPage, total int) map[string]any {
	if items == nil {
		items = []any{}
	}
	pages := max(1, (total+perPage-1)/perPage)
	return map[string]any{"object": "list", "data": items, "meta": map[string]any{"pagination": map[string]any{
		"total": total, "count": len(items), "per_page": perPage, "current_page": page, "total_pages": pages, "links": map[string]any{}}}}
}

// page cuts ids to the request's page (default per_page 50).
func page(r *http.Request, ids []int64) ([]int64, int, int) {
	pg, _ := strconv.Atoi(r.URL.Query().Get("page"))
	per, _ := strconv.Atoi(r.URL.Query().Get("per_page"))
	pg, per = max(1, pg), max(1, per)
	if r.URL.Query().Get("per_page") == "" {
		per = 50
	}
	start := min(len(ids), (pg-1)*per)
	end := min(len(ids), start+per)
	return ids[start:end], pg, per
}

func includes(r *http.Request, what string) bool {
	for _, s := range strings.Split(r.URL.Query().Get("include"), ",") {
		if strings.TrimSpace(s) == what {
			return true
		}
	}
	return false
}

// decode reads a JSON body; a malformed one is a 400 as Laravel gives.
func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := json.NewDecoder(r.Body).Decode(v); err != nil {
		apiError(w, http.StatusBadRequest, "BadRequestHttpException", "The JSON data passed in the request appears to be malformed: "+err.Error())
		return false
	}
	return true
}

func ts(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func (p *Panel) userAttrs(u *user) map[string]any {
	return map[string]any{"id": u.ID, "external_id": u.ExternalID, "uuid": u.UUID, "username": u.Username, "email": u.Email,
		"first_name": u.First, "last_name": u.Last, "language": "en", "root_admin": u.Admin, "2fa": false,
		"created_at": ts(time.Unix(0, 0)), "updated_at": ts(time.Unix(0, 0))}
}

func (p *Panel) listUsers(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	defer p.mu.Unlock()
	email := r.URL.Query().Get("filter[email]")
	var ids []int64
	for _, id := range sortedIDs(p.users) {
		// Spatie's filter is a partial match (LIKE %x%).
		if email == "" || strings.Contains(strings.ToLower(p.users[id].Email), strings.ToLower(email)) {
			ids = append(ids, id)
		}
	}
	cut, pg, per := page(r, ids)
	var items []any
	for _, id := range cut {
		items = append(items, item("user", p.userAttrs(p.users[id])))
	}
	writeJSON(w, http.StatusOK, list(items, pg, per, len(ids)))
}

func (p *Panel) viewUser(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	p.mu.Lock()
	defer p.mu.Unlock()
	u := p.users[id]
	if u == nil {
		notFound(w)
		return
	}
	writeJSON(w, http.StatusOK, item("user", p.userAttrs(u)))
}

var usernameRule = regexp.MustCompile(`^[a-z0-9]([\w\.-]+)[a-z0-9]$`)

func (p *Panel) createUser(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Email     string `json:"email"`
		Username  string `json:"username"`
		FirstName string `json:"first_name"`
		LastName  string `json:"last_name"`
		Password  string `json:"password"`
		// ExternalID is a pointer: absent or null is no tag.
		ExternalID *string `json:"external_id"`
	}
	if !decode(w, r, &in) {
		return
	}
	switch {
	case !strings.Contains(in.Email, "@"):
		validation(w, "email", "email", "The email must be a valid email address.")
		return
	case !usernameRule.MatchString(in.Username):
		validation(w, "username", "regex", "The username format is invalid.")
		return
	case in.FirstName == "":
		validation(w, "first_name", "required", "The first name field is required.")
		return
	case in.LastName == "":
		validation(w, "last_name", "required", "The last name field is required.")
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, u := range p.users {
		if strings.EqualFold(u.Email, in.Email) {
			validation(w, "email", "unique", "The email has already been taken.")
			return
		}
		if in.ExternalID != nil && u.ExternalID != nil && *u.ExternalID == *in.ExternalID {
			validation(w, "external_id", "unique", "The external id has already been taken.")
			return
		}
		if u.Username == in.Username {
			validation(w, "username", "unique", "The username has already been taken.")
			return
		}
	}
	u := &user{ID: p.id(), ExternalID: in.ExternalID, UUID: uuid(), Username: in.Username, Email: in.Email, First: in.FirstName, Last: in.LastName, Pwd: in.Password}
	p.users[u.ID] = u
	writeJSON(w, http.StatusCreated, item("user", p.userAttrs(u)))
}

func (p *Panel) nodeAttrs(r *http.Request, n *node) map[string]any {
	a := map[string]any{"id": n.ID, "uuid": "", "public": true, "name": n.Name, "location_id": n.Location, "fqdn": "127.0.0.10",
		"scheme": "https", "behind_proxy": false, "maintenance_mode": false, "memory": n.Memory, "memory_overallocate": 0,
		"disk": n.Disk, "disk_overallocate": 0, "upload_size": 100, "daemon_listen": 8080, "daemon_sftp": 2022, "daemon_base": "/var/lib/pterodactyl/volumes"}
	if includes(r, "allocations") {
		var items []any
		for _, id := range sortedIDs(p.allocations) {
			if al := p.allocations[id]; al.Node == n.ID {
				items = append(items, item("allocation", allocAttrs(al)))
			}
		}
		a["relationships"] = map[string]any{"allocations": list(items, 1, max(1, len(items)), len(items))}
	}
	return a
}

func allocAttrs(a *allocation) map[string]any {
	return map[string]any{"id": a.ID, "ip": a.IP, "alias": nil, "port": a.Port, "notes": nil, "assigned": a.Server != 0}
}

func (p *Panel) listNodes(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var items []any
	for _, n := range p.nodes {
		items = append(items, item("node", p.nodeAttrs(r, n)))
	}
	writeJSON(w, http.StatusOK, list(items, 1, 50, len(items)))
}

// deployable is FindViableNodesService: nodes in the locations with the
// memory and disk free (no overallocation). memory and disk are required.
func (p *Panel) deployable(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	memory, err1 := strconv.ParseInt(q.Get("memory"), 10, 64)
	disk, err2 := strconv.ParseInt(q.Get("disk"), 10, 64)
	if err1 != nil || memory < 0 {
		validation(w, "memory", "required", "The memory field is required.")
		return
	}
	if err2 != nil || disk < 0 {
		validation(w, "disk", "required", "The disk field is required.")
		return
	}
	locs := map[int64]bool{}
	for _, l := range q["location_ids[]"] {
		id, _ := strconv.ParseInt(l, 10, 64)
		locs[id] = true
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	var items []any
	for _, n := range p.nodes {
		if len(locs) > 0 && !locs[n.Location] {
			continue
		}
		var usedMem, usedDisk int64
		for _, s := range p.servers {
			if s.Node == n.ID {
				usedMem += s.Memory
				usedDisk += s.Disk
			}
		}
		if usedMem+memory <= n.Memory && usedDisk+disk <= n.Disk {
			items = append(items, item("node", p.nodeAttrs(r, n)))
		}
	}
	writeJSON(w, http.StatusOK, list(items, 1, 50, len(items)))
}

func (p *Panel) viewEgg(w http.ResponseWriter, r *http.Request) {
	if r.PathValue("nest") != strconv.Itoa(NestID) || r.PathValue("egg") != strconv.Itoa(EggID) {
		notFound(w)
		return
	}
	a := map[string]any{"id": EggID, "uuid": "9ac39f3d-0c34-4d93-8174-c52ab9e6c57b", "name": "Paper", "nest": NestID,
		"author": "parker@pterodactyl.io", "description": "High performance Spigot fork.",
		"docker_image": "ghcr.io/pterodactyl/yolks:java_17", "docker_images": map[string]string{"Java 17": "ghcr.io/pterodactyl/yolks:java_17"},
		"startup": "java -Xms128M -Xmx{{SERVER_MEMORY}}M -jar {{SERVER_JARFILE}}",
		"config":  map[string]any{}, "script": map[string]any{}}
	if includes(r, "variables") {
		vars := []any{
			item("egg_variable", map[string]any{"id": 1, "egg_id": EggID, "name": "Server Jar File", "env_variable": "SERVER_JARFILE",
				"default_value": "server.jar", "user_viewable": true, "user_editable": true, "rules": "required|string|max:20"}),
			item("egg_variable", map[string]any{"id": 2, "egg_id": EggID, "name": "Minecraft Version", "env_variable": "MINECRAFT_VERSION",
				"default_value": "latest", "user_viewable": true, "user_editable": true, "rules": "nullable|string|max:20"}),
		}
		a["relationships"] = map[string]any{"variables": list(vars, 1, 2, 2)}
	}
	writeJSON(w, http.StatusOK, item("egg", a))
}
