package main

test_x if { true }
