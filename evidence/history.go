package evidence

// History holds the git-history figures of a repository (OPS05-BP09,
// OPS06-BP06). Filled in by the history detector.
type History struct{}
