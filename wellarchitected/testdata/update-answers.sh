#!/bin/sh
# The answers of workload payments-api, lens operational-excellence, by opslens v1.0.0-test on 2026-11-24, as AWS Well-Architected Tool updates.
# Import the lens into the AWS tool first ('opslens lens export operational-excellence --format aws',
# then 'aws wellarchitected import-lens' and 'create-lens-version'), associate it
# with the workload, and run this with WORKLOAD_ID and LENS_ALIAS (the lens ARN) set.
set -eu
: "${WORKLOAD_ID:?set WORKLOAD_ID to the AWS workload ID}"
: "${LENS_ALIAS:?set LENS_ALIAS to the ARN of the imported lens}"

aws wellarchitected update-answer --workload-id "$WORKLOAD_ID" --lens-alias "$LENS_ALIAS" --question-id 'OPS01' \
  --selected-choices '["OPS01_BP01","OPS01_BP02","OPS01_BP03"]' \
  --choice-updates '{"OPS01_BP05":{"Status":"NOT_APPLICABLE","Reason":"OUT_OF_SCOPE"}}' \
  --is-applicable >/dev/null

aws wellarchitected update-answer --workload-id "$WORKLOAD_ID" --lens-alias "$LENS_ALIAS" --question-id 'OPS02' \
  --selected-choices '[]' \
  --no-is-applicable --reason 'BUSINESS_PRIORITIES' >/dev/null

aws wellarchitected update-answer --workload-id "$WORKLOAD_ID" --lens-alias "$LENS_ALIAS" --question-id 'OPS05' \
  --selected-choices '["OPS05_BP01"]' \
  --is-applicable >/dev/null
