# The two commands of the README: `make report` and `make test`.
.PHONY: report test quick bench docs messages

report:
	@scripts/setup.sh
	@.venv/bin/python -m ncct_report.system
	.venv/bin/ncct build 2016

test:
	@scripts/setup.sh test
	@scripts/test-tools.sh
	@.venv/bin/python -m ncct_report.system
	.venv/bin/python -m pytest

# Every test that builds no PDF, opens no browser and installs no wheel (under a minute):
# run it all the time.
quick:
	@scripts/setup.sh test
	.venv/bin/python -m pytest -m "not pdf and not browser and not package"

# The scale benchmark's sizes; the full run (about 12 minutes):
# make bench SCALE_SIZES=100,1000,2000,5000,10000
SCALE_SIZES ?= 100,1000,2000
bench:
	@scripts/setup.sh test
	.venv/bin/python bench/bench_validate.py
	.venv/bin/python bench/bench_build.py
	.venv/bin/python bench/bench_unknown_names.py
	.venv/bin/python bench/bench_startup.py
	.venv/bin/python bench/bench_scale.py --sizes $(SCALE_SIZES)
	.venv/bin/python bench/bench_khmer_text.py
	.venv/bin/python bench/bench_pages.py

# Regenerate the files made from the catalog and the findings registry.
docs:
	.venv/bin/ncct schema --out schema/submission.schema.json
	.venv/bin/ncct findings --markdown > docs/findings.md
	.venv/bin/python -m ncct_report.clidoc README.md

# After changing a template: extract its text and merge it into locale/*/messages.po.
messages:
	.venv/bin/python scripts/update_messages.py
