#!/usr/bin/env bash
# Sourced by scripts/launch.sh for ./filesearch and ./filesearch-bench (and by the tests): select_allocator exports the native allocator settings for the program.
#
# Tesseract allocates and frees tens of MB per page on two threads at once. glibc's malloc either keeps that in one
# arena per thread (RSS +58 MB over 300 files in bench leak) or, limited to 2 arenas, makes the engines queue on the
# arena locks (3x the context switches). jemalloc (Debian's libjemalloc2, which scripts/install-prerequisites.sh
# installs) avoids both: bench leak +0.1 MB over 1,000 files, bench ocr's pool at 96-98 % of the single-process limit
# (91-93 % on glibc). It is preloaded when present; FILESEARCH_ALLOCATOR=glibc keeps glibc with 2 arenas.
# See docs/performance.md, "Native allocator".

# Prints the path of jemalloc's shared library (under FILESEARCH_LIBDIR, default /usr/lib), or fails when there is none.
find_jemalloc() {
  local libdir="${FILESEARCH_LIBDIR:-/usr/lib}" candidate
  for candidate in "$libdir/$(uname -m)-linux-gnu/libjemalloc.so.2" "${libdir}64/libjemalloc.so.2" "$libdir/libjemalloc.so.2"; do
    [[ -f "$candidate" ]] && { echo "$candidate"; return 0; }
  done
  return 1
}

select_allocator() {
  local jemalloc
  if [[ "${FILESEARCH_ALLOCATOR:-jemalloc}" == jemalloc ]] && jemalloc="$(find_jemalloc)"; then
    export LD_PRELOAD="$jemalloc${LD_PRELOAD:+:$LD_PRELOAD}"
    # Page buffers (8.7 MB for an A4 page at 300 dpi) are reused instead of getting fresh pages from the kernel each
    # time (jemalloc's default puts allocations over 8 MB in an arena it purges at once), and freed memory goes back
    # to the OS from a background thread, not on the allocating engine's thread.
    export MALLOC_CONF="${MALLOC_CONF:-oversize_threshold:0,background_thread:true}"
  else
    export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
  fi
}
