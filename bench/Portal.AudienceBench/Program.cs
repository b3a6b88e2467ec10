// Audience benchmarks, each printing the product's figure beside a baseline measured in the same run:
//   segments sqlite|postgresql <connection string> [patients]   segment count vs hand-written SQL
//   import   sqlite|postgresql <connection string> [rows]       CSV import of new patients vs a raw bulk insert
//   campaign sqlite|postgresql <connection string> [patients]   a campaign's launch to every row queued vs a bulk insert
return args.Length >= 3 && args[0] == "segments" ? await SegmentBench.RunAsync(args[1..])
    : args.Length >= 3 && args[0] == "import" ? await ImportBench.RunAsync(args[1..])
    : args.Length >= 3 && args[0] == "campaign" ? await CampaignBench.RunAsync(args[1..])
    : Usage();

static int Usage()
{
    Console.Error.WriteLine("usage: Portal.AudienceBench segments|import|campaign sqlite|postgresql <connection string> [count]");
    return 2;
}
