package pteropanel

import "encoding/json"

// The panel answers in Fractal's envelope: an item is
// {"object":"server","attributes":{…}}, a list is
// {"object":"list","data":[item…],"meta":{"pagination":{…}}}, and
// ?include=… adds attributes.relationships.<name> as an item or a list.

type item[T any] struct {
	Object     string `json:"object"`
	Attributes T      `json:"attributes"`
}

type list[T any] struct {
	Object string    `json:"object"`
	Data   []item[T] `json:"data"`
	Meta   struct {
		Pagination pagination `json:"pagination"`
	} `json:"meta"`
}

type pagination struct {
	Total       int `json:"total"`
	Count       int `json:"count"`
	PerPage     int `json:"per_page"`
	CurrentPage int `json:"current_page"`
	TotalPages  int `json:"total_pages"`
}

// user is a panel account (UserTransformer).
type user struct {
	ID         int64   `json:"id"`
	ExternalID *string `json:"external_id"`
	UUID       string  `json:"uuid"`
	Username   string  `json:"username"`
	Email      string  `json:"email"`
	FirstName  string  `json:"first_name"`
	LastName   string  `json:"last_name"`
}

// limits are a server's resource limits, in MB and percent of a core.
type limits struct {
	Memory      int64   `json:"memory"`
	Swap        int64   `json:"swap"`
	Disk        int64   `json:"disk"`
	IO          int64   `json:"io"`
	CPU         int64   `json:"cpu"`
	Threads     *string `json:"threads,omitempty"`
	OOMDisabled *bool   `json:"oom_disabled,omitempty"`
}

type featureLimits struct {
	Databases   int64 `json:"databases"`
	Allocations int64 `json:"allocations"`
	Backups     int64 `json:"backups"`
}

// server is a game server (ServerTransformer).
type server struct {
	ID            int64         `json:"id"`
	ExternalID    *string       `json:"external_id"`
	UUID          string        `json:"uuid"`
	Identifier    string        `json:"identifier"`
	Name          string        `json:"name"`
	Description   string        `json:"description"`
	Status        *string       `json:"status"`
	Suspended     bool          `json:"suspended"`
	Limits        limits        `json:"limits"`
	FeatureLimits featureLimits `json:"feature_limits"`
	User          int64         `json:"user"`
	Node          int64         `json:"node"`
	Allocation    int64         `json:"allocation"`
	Nest          int64         `json:"nest"`
	Egg           int64         `json:"egg"`
	Container     struct {
		StartupCommand string          `json:"startup_command"`
		Image          string          `json:"image"`
		Installed      json.RawMessage `json:"installed"`
	} `json:"container"`
	Relationships struct {
		Allocations *list[allocation] `json:"allocations"`
	} `json:"relationships"`
}

func (s server) externalID() string {
	if s.ExternalID == nil {
		return ""
	}
	return *s.ExternalID
}

func (s server) status() string {
	if s.Status == nil {
		return ""
	}
	return *s.Status
}

// allocation is an ip:port on a node.
type allocation struct {
	ID       int64   `json:"id"`
	IP       string  `json:"ip"`
	Alias    *string `json:"alias"`
	Port     int     `json:"port"`
	Assigned bool    `json:"assigned"`
}

// node is a Wings host (NodeTransformer), with its allocations when asked.
type node struct {
	ID            int64  `json:"id"`
	Name          string `json:"name"`
	LocationID    int64  `json:"location_id"`
	Memory        int64  `json:"memory"`
	Disk          int64  `json:"disk"`
	Relationships struct {
		Allocations *list[allocation] `json:"allocations"`
	} `json:"relationships"`
}

// egg is a server type, with its variables when asked.
type egg struct {
	ID            int64  `json:"id"`
	Name          string `json:"name"`
	Nest          int64  `json:"nest"`
	DockerImage   string `json:"docker_image"`
	Startup       string `json:"startup"`
	Relationships struct {
		Variables *list[eggVariable] `json:"variables"`
	} `json:"relationships"`
}

type eggVariable struct {
	Name         string `json:"name"`
	EnvVariable  string `json:"env_variable"`
	DefaultValue string `json:"default_value"`
}
