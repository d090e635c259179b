#!/usr/bin/env bash
# Start a single-node Slurm (munged, slurmctld, slurmd) from Debian's slurm-wlm, configured in
# DIR (default var/slurm); idempotent: daemons already answering are left alone. Prints the
# SLURM_CONF to export for sbatch, squeue, sacct and scancel.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dir="$(mkdir -p "${1:-var/slurm}" && cd "${1:-var/slurm}" && pwd)"
conf="$dir/slurm.conf"
host="$(hostname -s)"
cpus="$(nproc)"
memory="$(awk '/MemTotal/ {print int($2 / 1024 / 2)}' /proc/meminfo)"
mkdir -p "$dir/state" "$dir/spool"
sed -e "s|@HOST@|$host|g" -e "s|@CPUS@|$cpus|g" -e "s|@MEMORY@|$memory|g" -e "s|@DIR@|$dir|g" \
    "$here/slurm.conf.in" > "$conf"
export SLURM_CONF="$conf"

if ! pgrep -x munged >/dev/null; then
    mkdir -p /run/munge /var/lib/munge /var/log/munge
    test -s /etc/munge/munge.key || /usr/sbin/mungekey --create
    chown -R munge:munge /etc/munge /run/munge /var/lib/munge /var/log/munge 2>/dev/null || true
    /usr/sbin/munged --force 2>/dev/null || runuser -u munge -- /usr/sbin/munged
fi
if ! scontrol ping >/dev/null 2>&1; then
    /usr/sbin/slurmctld -f "$conf"
fi
if ! pgrep -x slurmd >/dev/null; then
    /usr/sbin/slurmd -f "$conf"
fi
for _ in $(seq 1 30); do
    if sinfo -h -o %t 2>/dev/null | grep -qE '^(idle|mix|alloc)'; then
        echo "SLURM_CONF=$conf"
        exit 0
    fi
    scontrol update nodename="$host" state=resume >/dev/null 2>&1 || true
    sleep 1
done
echo "Slurm did not come up; see $dir/slurmctld.log and $dir/slurmd.log" >&2
sinfo >&2 || true
exit 1
