package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// cpuSample is the CPU time used so far by the processes of a setup: the
// opslens servers, the PostgreSQL server (all its processes) and this load
// generator. Their differences over a load say what one update costs each,
// which is what tells how the setup would scale on machines of its own.
type cpuSample struct{ servers, postgres, load time.Duration }

// clockTick is the kernel's USER_HZ, the unit of /proc/PID/stat's times;
// 100 on every Linux that Go supports.
const clockTick = 10 * time.Millisecond

func sampleCPU(servers []*server) cpuSample {
	var s cpuSample
	for _, srv := range servers {
		s.servers += procCPU(srv.cmd.Process.Pid)
	}
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, st := range stats {
		b, err := os.ReadFile(st)
		if err == nil && strings.Contains(string(b), "(postgres)") {
			s.postgres += statCPU(string(b))
		}
	}
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		s.load = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	return s
}

func procCPU(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	return statCPU(string(b))
}

// statCPU reads utime and stime (fields 14 and 15) of a /proc stat line;
// the command name before them may hold spaces, so fields count from the
// closing parenthesis.
func statCPU(line string) time.Duration {
	i := strings.LastIndexByte(line, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(line[i+1:])
	if len(f) < 13 {
		return 0
	}
	u, _ := strconv.ParseInt(f[11], 10, 64)
	k, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(u+k) * clockTick
}

// perUpdate describes the CPU each process kind spent per request.
func (s cpuSample) perUpdate(before cpuSample, requests uint64) string {
	if requests == 0 {
		return ""
	}
	per := func(d time.Duration) string {
		return fmt.Sprintf("%4.0fµs", float64(d.Microseconds())/float64(requests))
	}
	return fmt.Sprintf("  cpu/request: opslens %s, postgres %s, load generator %s",
		per(s.servers-before.servers), per(s.postgres-before.postgres), per(s.load-before.load))
}
