package http

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/opslens/opslens"
)

func TestUIFormsValidate(t *testing.T) {
	ts := newTestServer(t)
	root, ann := ts.user("root", true), ts.user("ann", false)
	w := ts.workload("payments", ann)
	c, admin := ts.signIn(ann), ts.signIn(root)
	ids, none := ts.practices("OPS01")
	good := url.Values{"name": {"checkout"}, "environment": {"PRODUCTION"}, "lens": {"operational-excellence"},
		"description": {"kept-description-1"}, "tags": {"tier=gold"}}
	with := func(kv ...string) url.Values {
		f := url.Values{}
		for k, v := range good {
			f[k] = v
		}
		for i := 0; i+1 < len(kv); i += 2 {
			f.Set(kv[i], kv[i+1])
		}
		return f
	}
	for _, tc := range []struct {
		name   string
		who    *http.Client
		path   string
		form   url.Values
		status int
		want   []string // the message and the kept input
	}{
		{"short name", c, "/workloads", with("name", "ab"), 400, []string{"name must be 3 to 100 characters", "kept-description-1"}},
		{"bad tag", c, "/workloads", with("tags", "no-equals-sign"), 400, []string{"must be key=value", "no-equals-sign"}},
		{"bad environment", c, "/workloads", with("environment", "moon"), 400, []string{"unknown environment", "kept-description-1"}},
		{"no lens", c, "/workloads", url.Values{"name": {"checkout"}, "environment": {"PRODUCTION"}}, 400, []string{"choose at least one lens", `value="checkout"`}},
		{"bad design link", c, "/workloads", with("design", "javascript:alert(1)"), 400, []string{"must be an http(s) URL", "kept-description-1"}},
		{"taken name", c, "/workloads", with("name", "payments"), 409, []string{"payments", "kept-description-1"}},
		{"edit short name", c, workloadPath(w, "/edit"), with("name", "x", "version", "1"), 400, []string{"name must be 3", "kept-description-1"}},
		{"empty milestone", c, workloadPath(w, "/milestones"), url.Values{"name": {"  "}}, 400, []string{"milestone name must be 1 to 100 characters"}},
		{"bad role", c, workloadPath(w, "/shares"), url.Values{"user": {"root"}, "role": {"KING"}}, 400, []string{"unknown role", `value="root"`}},
		{"unknown user", c, workloadPath(w, "/shares"), url.Values{"user": {"nobody-here"}, "role": {"READONLY"}}, 404, []string{"nobody-here"}},
		{"token days", c, "/account/tokens", url.Values{"name": {"ci-runner"}, "days": {"soon"}}, 400, []string{"days must be a whole number", `value="ci-runner"`}},
		{"token name", c, "/account/tokens", url.Values{"name": {""}}, 400, []string{"token name must be 1 to 100"}},
		{"wrong password", c, "/account/password", url.Values{"current": {"nope"}, "new": {"long-enough-pw"}, "confirm": {"long-enough-pw"}}, 400, []string{"current password is wrong"}},
		{"short password", c, "/account/password", url.Values{"current": {"password-of-ann"}, "new": {"short"}, "confirm": {"short"}}, 400, []string{"use at least 10"}},
		{"user name", admin, "/admin/users", url.Values{"name": {"bad name!"}, "password": {"long-enough-pw"}}, 400, []string{"may hold only letters", `value="bad name!"`}},
		{"user password", admin, "/admin/users", url.Values{"name": {"carol"}}, 400, []string{"enter a password", `value="carol"`}},
		{"question reason", c, questionPath(w, "OPS01"), url.Values{"version": {"0"}, "question_na": {"1"}, "question_reason": {"BORED"}, "notes": {"kept-note-2"}}, 400, []string{"unknown reason", "kept-note-2"}},
		{"none and practice", c, questionPath(w, "OPS01"), url.Values{"version": {"0"}, "choice": {none, ids[0]}, "notes": {"kept-note-3"}}, 400, []string{"cannot be chosen together", "kept-note-3"}},
		{"unknown practice", c, questionPath(w, "OPS01"), url.Values{"version": {"0"}, "choice": {"OPS99_BP01"}}, 400, []string{"OPS99_BP01"}},
		{"long practice note", c, questionPath(w, "OPS01"), url.Values{"version": {"0"}, "note_" + ids[0]: {strings.Repeat("n", 251)}}, 400, []string{"the limit is 250"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := ts.postForm(tc.who, tc.path, tc.form)
			body := string(readBody(t, res))
			if res.StatusCode != tc.status {
				t.Fatalf("status %d, want %d\n%s", res.StatusCode, tc.status, body)
			}
			for _, want := range tc.want {
				if !strings.Contains(body, want) {
					t.Errorf("page lacks %q", want)
				}
			}
		})
	}
	// Nothing was stored by the refused forms.
	if ws, _ := ts.reviews.Workloads(context.Background()); len(ws) != 1 {
		t.Errorf("%d workloads, want 1", len(ws))
	}
	if a := ts.storedAnswer(w, "OPS01"); a.Version != 0 {
		t.Errorf("a refused answer was stored: %+v", a)
	}
	if ms, _ := ts.reviews.Milestones(context.Background(), w); len(ms) != 0 {
		t.Errorf("%d milestones stored", len(ms))
	}
}

func TestUIAnswerChangesRisk(t *testing.T) {
	ts := newTestServer(t)
	ann := ts.user("ann", false)
	w := ts.workload("payments", ann)
	c := ts.signIn(ann)
	ids, none := ts.practices("OPS01")
	path := questionPath(w, "OPS01")
	if _, body := ts.get(c, path); !strings.Contains(body, `id="risk-badge">Unanswered`) {
		t.Fatalf("new question not unanswered:\n%s", body)
	}
	steps := []struct {
		name string
		form url.Values
		risk opslens.Risk
	}{
		{"none of these", url.Values{"choice": {none}}, opslens.RiskHigh},
		{"every practice", url.Values{"choice": ids, "note_" + ids[0]: {"runbook in the wiki"}}, opslens.RiskNone},
		{"question not applicable", url.Values{"question_na": {"1"}, "question_reason": {"OUT_OF_SCOPE"}}, opslens.RiskNotApplicable},
	}
	for i, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			st.form.Set("version", strconv.Itoa(i))
			res := ts.postForm(c, path, st.form)
			if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != path {
				t.Fatalf("save: %d %s\n%s", res.StatusCode, res.Header.Get("Location"), readBody(t, res))
			}
			_, body := ts.get(c, path)
			badge := `id="risk-badge">` + riskLabel(st.risk)
			if !strings.Contains(body, badge) || !strings.Contains(body, "Saved. OPS01 is now: "+riskLabel(st.risk)) {
				t.Fatalf("page after save lacks %q\n%s", badge, body)
			}
			if a := ts.storedAnswer(w, "OPS01"); a.Risk != st.risk || a.Version != int64(i+1) {
				t.Fatalf("stored risk %s version %d, want %s %d", a.Risk, a.Version, st.risk, i+1)
			}
		})
	}
	if a := ts.storedAnswer(w, "OPS01"); a.Reason != opslens.ReasonOutOfScope || a.Choice(ids[0]).Notes != "" {
		t.Errorf("the whole form did not replace the practice notes: %+v", a)
	}
}

func TestUIChoiceNotApplicable(t *testing.T) {
	ts := newTestServer(t)
	ann := ts.user("ann", false)
	w := ts.workload("payments", ann)
	c := ts.signIn(ann)
	ids, _ := ts.practices("OPS02")
	form := url.Values{"version": {"0"}, "choice": ids[1:], "na_" + ids[0]: {"1"}, "reason_" + ids[0]: {"ARCHITECTURE_CONSTRAINTS"},
		"note_" + ids[0]: {"no customers of our own"}, "notes": {"discussed on Monday"}}
	if res := ts.postForm(c, questionPath(w, "OPS02"), form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.StatusCode, readBody(t, res))
	}
	a := ts.storedAnswer(w, "OPS02")
	ch := a.Choice(ids[0])
	if ch.Status != opslens.ChoiceNotApplicable || ch.Reason != opslens.ReasonArchitectureConstraints || ch.Notes != "no customers of our own" || a.Notes != "discussed on Monday" {
		t.Fatalf("stored %+v", a)
	}
	_, body := ts.get(c, questionPath(w, "OPS02"))
	for _, want := range []string{`id="na-` + ids[0] + `" checked`, `value="ARCHITECTURE_CONSTRAINTS" selected`, "no customers of our own", "discussed on Monday"} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

func TestUIAnswerConflict(t *testing.T) {
	ts := newTestServer(t)
	ann, bob := ts.user("ann", false), ts.user("bob", false)
	w := ts.workload("payments", ann)
	ts.share(w, bob, opslens.RoleContributor)
	annC, bobC := ts.signIn(ann), ts.signIn(bob)
	ids, _ := ts.practices("OPS01")
	path := questionPath(w, "OPS01")
	if res := ts.postForm(annC, path, url.Values{"version": {"0"}, "choice": ids[:2], "notes": {"ann's view"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("ann saves: %d", res.StatusCode)
	}
	// Bob opened the page before Ann saved: his form still says version 0.
	res := ts.postForm(bobC, path, url.Values{"version": {"0"}, "choice": ids[2:3], "notes": {"bob's unsaved view"}})
	body := string(readBody(t, res))
	if res.StatusCode != http.StatusConflict {
		t.Fatalf("stale save: %d, want 409\n%s", res.StatusCode, body)
	}
	for _, want := range []string{"ann changed this answer", "ann&#39;s view", "bob&#39;s unsaved view",
		`id="c-` + ids[2] + `" checked`, `name="version" value="1"`} {
		if !strings.Contains(body, want) {
			t.Errorf("conflict page lacks %q", want)
		}
	}
	if strings.Contains(body, `id="c-`+ids[0]+`" checked`) {
		t.Errorf("the form lost bob's choices for ann's")
	}
	a := ts.storedAnswer(w, "OPS01")
	if a.Version != 1 || a.Notes != "ann's view" || strings.Join(a.Selected(), ",") != strings.Join(ids[:2], ",") {
		t.Fatalf("the stale save changed the stored answer: %+v", a)
	}
	// Saving again, now knowingly against version 1, applies bob's answer.
	if res := ts.postForm(bobC, path, url.Values{"version": {"1"}, "choice": ids[2:3], "notes": {"bob's view"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("second save: %d", res.StatusCode)
	}
}

func TestUIWorkloadEditConflict(t *testing.T) {
	ts := newTestServer(t)
	ann := ts.user("ann", false)
	w := ts.workload("payments", ann)
	c := ts.signIn(ann)
	form := url.Values{"name": {"payments"}, "environment": {"PRODUCTION"}, "lens": {"operational-excellence"}, "notes": {"first"}, "version": {"1"}}
	if res := ts.postForm(c, workloadPath(w, "/edit"), form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d %s", res.StatusCode, readBody(t, res))
	}
	form.Set("notes", "stale edit")
	res := ts.postForm(c, workloadPath(w, "/edit"), form)
	if body := string(readBody(t, res)); res.StatusCode != http.StatusConflict || !strings.Contains(body, "stale edit") {
		t.Fatalf("stale edit: %d\n%s", res.StatusCode, body)
	}
	if got, _ := ts.reviews.WorkloadByID(context.Background(), w.ID); got.Notes != "first" || got.Version != 2 {
		t.Fatalf("stored %q version %d", got.Notes, got.Version)
	}
}

func TestUIViewerCannotWrite(t *testing.T) {
	ts := newTestServer(t)
	ann, vic := ts.user("ann", false), ts.user("vic", false)
	w := ts.workload("payments", ann)
	ts.share(w, vic, opslens.RoleReadonly)
	c := ts.signIn(vic)
	ids, _ := ts.practices("OPS01")
	for _, tc := range []struct {
		path string
		form url.Values
	}{
		{questionPath(w, "OPS01"), url.Values{"version": {"0"}, "choice": ids}},
		{workloadPath(w, "/edit"), url.Values{"name": {"renamed"}, "environment": {"PRODUCTION"}, "lens": {"operational-excellence"}, "version": {"1"}}},
		{workloadPath(w, "/milestones"), url.Values{"name": {"m1"}}},
		{workloadPath(w, "/shares"), url.Values{"user": {"vic"}, "role": {"OWNER"}}},
		{workloadPath(w, "/shares/"+strconv.FormatInt(ann.ID, 10)+"/delete"), nil},
		{workloadPath(w, "/delete"), url.Values{"confirm": {"payments"}}},
		{"/admin/users", url.Values{"name": {"mallory"}, "password": {"long-enough-pw"}}},
		{"/lenses/operational-excellence/delete", nil},
	} {
		t.Run(tc.path, func(t *testing.T) {
			if res := ts.postForm(c, tc.path, tc.form); res.StatusCode != http.StatusForbidden {
				t.Fatalf("status %d, want 403", res.StatusCode)
			}
		})
	}
	if got, _ := ts.reviews.WorkloadByID(context.Background(), w.ID); got.Name != "payments" || got.Version != 1 {
		t.Errorf("workload changed: %+v", got)
	}
	if a := ts.storedAnswer(w, "OPS01"); a.Version != 0 {
		t.Errorf("answer stored: %+v", a)
	}
	if role, _ := ts.accounts.Role(context.Background(), w.ID, vic); role != opslens.RoleReadonly {
		t.Errorf("vic's role is %s", role)
	}
	_, body := ts.get(c, questionPath(w, "OPS01"))
	if strings.Contains(body, `id="save"`) || !strings.Contains(body, "<fieldset disabled>") {
		t.Errorf("a viewer's question page offers to save")
	}
}

func TestUISharingAndAccounts(t *testing.T) {
	ts := newTestServer(t)
	root, ann := ts.user("root", true), ts.user("ann", false)
	w := ts.workload("payments", ann)
	c, admin := ts.signIn(ann), ts.signIn(root)
	steps := []struct {
		who    *http.Client
		path   string
		form   url.Values
		status int
	}{
		{admin, "/admin/users", url.Values{"name": {"bob"}, "password": {"password-of-bob"}}, 303},
		{c, workloadPath(w, "/shares"), url.Values{"user": {"bob"}, "role": {"CONTRIBUTOR"}}, 303},
		{c, workloadPath(w, "/shares"), url.Values{"user": {"bob"}, "role": {"READONLY"}}, 303},
		{c, workloadPath(w, "/shares/"+strconv.FormatInt(ann.ID, 10)+"/delete"), nil, 409}, // the last owner stays
	}
	for i, st := range steps {
		if res := ts.postForm(st.who, st.path, st.form); res.StatusCode != st.status {
			t.Fatalf("step %d %s: %d, want %d\n%s", i, st.path, res.StatusCode, st.status, readBody(t, res))
		}
	}
	bob, err := ts.accounts.User(context.Background(), "bob")
	if err != nil {
		t.Fatal(err)
	}
	if role, _ := ts.accounts.Role(context.Background(), w.ID, bob); role != opslens.RoleReadonly {
		t.Fatalf("bob's role %q", role)
	}
	if res := ts.postForm(c, workloadPath(w, "/shares/"+strconv.FormatInt(bob.ID, 10)+"/delete"), nil); res.StatusCode != 303 {
		t.Fatalf("unshare: %d", res.StatusCode)
	}
	bobPath := "/admin/users/" + strconv.FormatInt(bob.ID, 10)
	if res := ts.postForm(admin, bobPath+"/admin", url.Values{"admin": {"true"}}); res.StatusCode != 303 {
		t.Fatalf("make admin: %d", res.StatusCode)
	}
	if u, _ := ts.accounts.UserByID(context.Background(), bob.ID); !u.Admin {
		t.Fatal("bob is not an administrator")
	}
	if res := ts.postForm(admin, bobPath+"/delete", nil); res.StatusCode != 303 {
		t.Fatalf("delete user: %d", res.StatusCode)
	}
	if _, err := ts.accounts.UserByID(context.Background(), bob.ID); opslens.ErrorCode(err) != opslens.ENOTFOUND {
		t.Fatalf("bob still exists: %v", err)
	}
	if res := ts.postForm(c, workloadPath(w, "/delete"), url.Values{"confirm": {"not the name"}}); res.StatusCode != 400 {
		t.Fatalf("delete without confirmation: %d", res.StatusCode)
	}
	if _, body := ts.get(c, workloadPath(w, "/history")); !strings.Contains(body, "share.delete") {
		t.Errorf("history lacks the unshare")
	}
	// A token's secret is shown once, then only its prefix.
	res := ts.postForm(c, "/account/tokens", url.Values{"name": {"ci"}})
	body := string(readBody(t, res))
	i := strings.Index(body, `value="olt_`)
	if res.StatusCode != http.StatusCreated || i < 0 {
		t.Fatalf("create token: %d\n%s", res.StatusCode, body)
	}
	secret := body[i+len(`value="`) : i+len(`value="`)+strings.Index(body[i+len(`value="`):], `"`)]
	if r := ts.api("GET", "/api/v1/me", secret, nil, nil); r.StatusCode != 200 {
		t.Fatalf("the shown token does not work: %d", r.StatusCode)
	}
	if _, page := ts.get(c, "/account"); strings.Contains(page, secret) {
		t.Fatal("the secret is shown again")
	}
	toks, _ := ts.accounts.Tokens(context.Background(), ann.ID)
	if res := ts.postForm(c, "/account/tokens/"+strconv.FormatInt(toks[0].ID, 10)+"/delete", nil); res.StatusCode != 303 {
		t.Fatalf("revoke: %d", res.StatusCode)
	}
	if r := ts.api("GET", "/api/v1/me", secret, nil, nil); r.StatusCode != 401 {
		t.Fatalf("a revoked token works: %d", r.StatusCode)
	}
	// Changing the password keeps this session and ends the others.
	other := ts.signIn(ann)
	pw := url.Values{"current": {"password-of-ann"}, "new": {"a-new-password"}, "confirm": {"a-new-password"}}
	if res := ts.postForm(c, "/account/password", pw); res.StatusCode != 303 {
		t.Fatalf("change password: %d %s", res.StatusCode, readBody(t, res))
	}
	if res, _ := ts.get(c, "/account"); res.StatusCode != 200 {
		t.Errorf("own session after the change: %d", res.StatusCode)
	}
	if res, _ := ts.get(other, "/account"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("other session after the change: %d, want a redirect to sign in", res.StatusCode)
	}
}

func TestUILensImport(t *testing.T) {
	ts := newTestServer(t)
	root := ts.user("root", true)
	c := ts.signIn(root)
	_, exported := ts.get(c, "/lenses/operational-excellence/export")
	upload := func(data, alias string) *http.Response {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		fw, _ := mw.CreateFormFile("file", "lens.json")
		fw.Write([]byte(data))
		mw.WriteField("alias", alias)
		mw.Close()
		req, _ := http.NewRequest("POST", ts.http.URL+"/lenses", &buf)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		return ts.do(c, req)
	}
	if res := upload(exported, "ops-copy"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("import: %d %s", res.StatusCode, readBody(t, res))
	}
	if _, body := ts.get(c, "/lenses"); !strings.Contains(body, "ops-copy") {
		t.Fatal("imported lens not listed")
	}
	res := upload(`{"name": "broken"}`, "broken-lens")
	if body := string(readBody(t, res)); res.StatusCode != 400 || !strings.Contains(body, "not a valid lens") || !strings.Contains(body, `value="broken-lens"`) {
		t.Fatalf("bad lens: %d\n%s", res.StatusCode, body)
	}
	if res := ts.postForm(c, "/lenses/ops-copy/delete", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete: %d", res.StatusCode)
	}
}
