from pcaet_cli.cli import main

main()
