# Shared by the bench scripts (sourced, not run).

# median: the middle of the numbers on stdin, one a line (the lower middle of an
# even count).
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# load: the load average (1, 5, 15 min), to print beside a timing.
load() { cut -d' ' -f1-3 /proc/loadavg; }
