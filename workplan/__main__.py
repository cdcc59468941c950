from workplan.cli import main

main()
