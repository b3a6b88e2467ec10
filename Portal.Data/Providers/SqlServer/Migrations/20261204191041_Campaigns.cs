using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Providers.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class Campaigns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "CampaignId",
                table: "MarketingContents",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "IsTest",
                table: "MarketingContents",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "Campaigns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Name = table.Column<string>(type: "nvarchar(120)", maxLength: 120, nullable: false),
                    Goal = table.Column<byte>(type: "tinyint", nullable: false),
                    Purpose = table.Column<byte>(type: "tinyint", nullable: false),
                    PaidByThirdParty = table.Column<bool>(type: "bit", nullable: false),
                    SegmentId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    FromName = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Subject = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Preheader = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    DesignJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Status = table.Column<byte>(type: "tinyint", nullable: false),
                    CreatedBy = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    LaunchedUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    LaunchedBy = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    ContentId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    QueuedCount = table.Column<int>(type: "int", nullable: false),
                    LeftOutNoAddress = table.Column<int>(type: "int", nullable: false),
                    LeftOutOptedOut = table.Column<int>(type: "int", nullable: false),
                    LeftOutNoAuthorisation = table.Column<int>(type: "int", nullable: false),
                    LeftOutSuppressed = table.Column<int>(type: "int", nullable: false),
                    LeftOutBounced = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Campaigns", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Campaigns_Status",
                table: "Campaigns",
                column: "Status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Campaigns");

            migrationBuilder.DropColumn(
                name: "CampaignId",
                table: "MarketingContents");

            migrationBuilder.DropColumn(
                name: "IsTest",
                table: "MarketingContents");
        }
    }
}
