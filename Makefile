# The two commands of the README: `make demo` (build everything, serve the demo on one port)
# and `make test` (every suite). Both install what the machine lacks first.
.PHONY: demo test test-bundlers package bench setup

demo:
	scripts/demo.sh

test:
	scripts/test.sh

# The example app of each bundler and framework (examples/), built and run in Chromium.
test-bundlers:
	examples/test.sh

package: setup
	scripts/build-pkg.sh

bench:
	scripts/bench.sh

setup:
	scripts/setup.sh
