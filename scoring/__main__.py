from scoring.cli.app import run

run()
