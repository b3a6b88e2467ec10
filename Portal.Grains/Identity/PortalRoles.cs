using Portal.Data.Patients;

namespace Portal.Grains.Identity;

public static class PortalRoles
{
    public const string Patient = "Patient";
    public const string Staff = "Staff";
    public const string Marketer = "Marketer";
    public const string Admin = "Admin";

    public static readonly string[] All = [Patient, Staff, Marketer, Admin];
}
