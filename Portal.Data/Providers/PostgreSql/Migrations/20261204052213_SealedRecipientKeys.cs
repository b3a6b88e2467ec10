using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Providers.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class SealedRecipientKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Sealed",
                table: "RecipientKeys",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Sealed",
                table: "RecipientKeys");
        }
    }
}
