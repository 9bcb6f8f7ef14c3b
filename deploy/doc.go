// Package deploy holds what operators run opslens with: the compose file
// and Caddyfile for one Docker host, and the Helm chart in helm/opslens.
// It has no code; its tests check those files (and the repository's
// Dockerfile) the way the tools that read them would, so a broken file
// fails CI here rather than at someone's deployment.
package deploy
