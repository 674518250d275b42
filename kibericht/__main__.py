from kibericht.cli import main

main()
