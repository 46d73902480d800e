#!/bin/sh
# /usr/bin/fieldapp: the frozen application lives in /opt/fieldapp (installed by the .deb).
exec /opt/fieldapp/fieldapp "$@"
