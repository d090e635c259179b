#!/usr/bin/env bash
# Start a single-node Slurm with accounting for aigov's tests: munged, a MariaDB of its own (data,
# socket and log under DIR/mariadb, TCP on 127.0.0.1 only), slurmdbd, slurmctld and slurmd,
# configured in DIR (default var/slurm). No system-wide service is used or changed, so it works as
# root on a fresh machine. Idempotent: daemons already answering are left alone, except a
# slurmctld running without accounting storage, which is restarted with this configuration.
# Prints the SLURM_CONF to export for sbatch, squeue, sacct, sacctmgr and scancel.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dir="$(mkdir -p "${1:-var/slurm}" && cd "${1:-var/slurm}" && pwd)"
conf="$dir/slurm.conf"
dbdconf="$dir/slurmdbd.conf"
host="$(hostname -s)"
cpus="$(nproc)"
memory="$(awk '/MemTotal/ {print int($2 / 1024 / 2)}' /proc/meminfo)"
dbd_port="${AIGOV_SLURMDBD_PORT:-6819}"
db_port="${AIGOV_SLURM_MARIADB_PORT:-6820}"
db="$dir/mariadb"
socket="$db/mariadb.sock"
mkdir -p "$dir/state" "$dir/spool" "$db"
umask 077
test -s "$dir/mariadb.password" || head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$dir/mariadb.password"
password="$(cat "$dir/mariadb.password")"
fill() {
    sed -e "s|@HOST@|$host|g" -e "s|@CPUS@|$cpus|g" -e "s|@MEMORY@|$memory|g" -e "s|@DIR@|$dir|g" \
        -e "s|@DBDPORT@|$dbd_port|g" -e "s|@DBPORT@|$db_port|g" -e "s|@DBPASS@|$password|g" "$1"
}
umask 022
fill "$here/slurm.conf.in" > "$conf"
fill "$here/slurmdbd.conf.in" > "$dbdconf"
chmod 600 "$dbdconf" "$dir/mariadb.password"
export SLURM_CONF="$conf"

wait_for() {  # wait_for SECONDS DESCRIPTION COMMAND...
    local seconds="$1" what="$2"
    shift 2
    for _ in $(seq 1 "$seconds"); do
        if "$@" >/dev/null 2>&1; then return 0; fi
        sleep 1
    done
    echo "$what did not come up; see the logs in $dir" >&2
    return 1
}

if ! pgrep -x munged >/dev/null; then
    mkdir -p /run/munge /var/lib/munge /var/log/munge
    test -s /etc/munge/munge.key || /usr/sbin/mungekey --create
    chown -R munge:munge /etc/munge /run/munge /var/lib/munge /var/log/munge 2>/dev/null || true
    /usr/sbin/munged --force 2>/dev/null || runuser -u munge -- /usr/sbin/munged
fi

# MariaDB for slurmdbd: its own datadir and socket, not the system's server.
if ! mariadb-admin --no-defaults --socket="$socket" -uroot ping >/dev/null 2>&1; then
    if [ ! -d "$db/data/mysql" ]; then
        mariadb-install-db --no-defaults --user=root --datadir="$db/data" \
            --auth-root-authentication-method=socket --skip-test-db >"$db/install.log" 2>&1
    fi
    setsid /usr/sbin/mariadbd --no-defaults --user=root --datadir="$db/data" --socket="$socket" \
        --port="$db_port" --bind-address=127.0.0.1 --skip-name-resolve --pid-file="$db/mariadb.pid" \
        --log-error="$db/mariadb.log" --innodb-buffer-pool-size=64M </dev/null >/dev/null 2>&1 &
    wait_for 60 MariaDB mariadb-admin --no-defaults --socket="$socket" -uroot ping
fi
mariadb --no-defaults --socket="$socket" -uroot <<SQL
CREATE DATABASE IF NOT EXISTS slurm_acct_db;
CREATE USER IF NOT EXISTS 'slurm'@'127.0.0.1' IDENTIFIED BY '$password';
ALTER USER 'slurm'@'127.0.0.1' IDENTIFIED BY '$password';
GRANT ALL ON slurm_acct_db.* TO 'slurm'@'127.0.0.1';
SQL

if ! { test -s "$dir/slurmdbd.pid" && kill -0 "$(cat "$dir/slurmdbd.pid")" 2>/dev/null; }; then
    /usr/sbin/slurmdbd
fi
wait_for 60 slurmdbd sacctmgr -n show cluster
sacctmgr -n -P show cluster format=cluster | grep -qx aigov || sacctmgr -i add cluster aigov >/dev/null

if scontrol ping >/dev/null 2>&1 \
    && scontrol show config | grep -q 'AccountingStorageType *= *accounting_storage/none'; then
    # A cluster started before accounting was configured: restart it with this configuration.
    scontrol shutdown >/dev/null 2>&1 || true
    for _ in $(seq 1 30); do pgrep -x slurmctld >/dev/null || pgrep -x slurmd >/dev/null || break; sleep 1; done
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
