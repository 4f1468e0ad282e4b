from upscaler.cli import main

raise SystemExit(main())
