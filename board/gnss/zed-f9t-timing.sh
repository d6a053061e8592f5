#!/usr/bin/env bash
# Puts a u-blox ZED-F9T into timing mode for ntsbox (see ublox-timing.md): NMEA RMC + ZDA
# only on UART1, stationary, TP1 1 Hz / 100 ms rising on the UTC second (none before lock),
# antenna cable delay, survey-in (>= 24 h, 2 m). Saved in RAM, BBR and flash.
# Usage: zed-f9t-timing.sh DEVICE BAUD CABLE_DELAY_NS     e.g. /dev/ttyAMA0 38400 101
# Needs ubxtool (Debian: gpsd-clients). Not run against a receiver by this project yet.
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: $0 DEVICE BAUD CABLE_DELAY_NS" >&2; exit 2; }
dev="$1"; baud="$2"; delay="$3"
[[ "$delay" =~ ^[0-9]+$ ]] || { echo "cable delay must be whole nanoseconds" >&2; exit 2; }
command -v ubxtool >/dev/null || { echo "ubxtool not found (apt-get install gpsd-clients)" >&2; exit 3; }
set_item() { ubxtool -P 27.12 -f "$dev" -s "$baud" -w 1 -z "$1,$2,7"; }
for m in RMC ZDA; do set_item "CFG-MSGOUT-NMEA_ID_${m}_UART1" 1; done
for m in GGA GLL GSA GSV VTG; do set_item "CFG-MSGOUT-NMEA_ID_${m}_UART1" 0; done
set_item CFG-NAVSPG-DYNMODEL 2
set_item CFG-TP-TP1_ENA 1
set_item CFG-TP-PULSE_DEF 1
set_item CFG-TP-PULSE_LENGTH_DEF 1
set_item CFG-TP-FREQ_TP1 1
set_item CFG-TP-FREQ_LOCK_TP1 1
set_item CFG-TP-LEN_TP1 0
set_item CFG-TP-LEN_LOCK_TP1 100000
set_item CFG-TP-USE_LOCKED_TP1 1
set_item CFG-TP-ALIGN_TO_TOW_TP1 1
set_item CFG-TP-POL_TP1 1
set_item CFG-TP-TIMEGRID_TP1 0
set_item CFG-TP-ANT_CABLEDELAY "$delay"
set_item CFG-TMODE-MODE 1
set_item CFG-TMODE-SVIN_MIN_DUR 86400
set_item CFG-TMODE-SVIN_ACC_LIMIT 20000
echo "done; watch the survey with: ubxtool -P 27.12 -f $dev -s $baud -p NAV-SVIN"
