package evidence

import "context"

// The history detector credits OPS06-BP06 when deploys follow merges. Three
// families know that: a pipeline's deploy job on the default branch (ci),
// GitOps that syncs the default branch on its own (k8s), and a
// CodePipeline without a manual approval (iac). Their models are cached per
// tree, so asking them again costs little.
func init() { deployFollowsMerge = deploysAfterMerge }

func deploysAfterMerge(t *Tree) (Proof, bool) {
	if p, ok := ciDeployAfterMerge(t); ok {
		return p, true
	}
	for _, run := range []func(context.Context, *Tree) []Hit{k8sDeploySystemsRun, detectIaCCodePipeline} {
		for _, h := range run(context.Background(), t) {
			if h.Practice == "OPS05-BP10" && h.Confidence == Strong {
				return h.Proof, true
			}
		}
	}
	return Proof{}, false
}
