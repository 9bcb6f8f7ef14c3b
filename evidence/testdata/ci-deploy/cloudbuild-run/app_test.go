package app

import "testing"

func TestA(t *testing.T) {}
